import { TerraformStack, type IConstruct } from './cdktf.js';
import type { TopologySpec } from '../model/topology.js';

/** Something in the construct tree that contributes to the topology model. */
export interface TopologyParticipant {
  readonly topologyKind: 'host' | 'service';
}

/**
 * The topology of the stack that holds `scope`, read from the construct tree
 * (the tree is the registry: no global state).
 */
export function topologyOf(scope: IConstruct): TopologySpec {
  const all = TerraformStack.of(scope).node.findAll();
  const hosts = all.flatMap((c) => (isHost(c) ? [c.toSpec()] : []));
  const services = all.flatMap((c) => (isService(c) ? [c.toSpec()] : []));
  return { hosts, services };
}

type WithSpec<K extends string, S> = IConstruct & { readonly topologyKind: K; toSpec(): S };

function isHost(c: IConstruct): c is WithSpec<'host', TopologySpec['hosts'][number]> {
  return (c as Partial<TopologyParticipant>).topologyKind === 'host';
}

function isService(c: IConstruct): c is WithSpec<'service', TopologySpec['services'][number]> {
  return (c as Partial<TopologyParticipant>).topologyKind === 'service';
}
