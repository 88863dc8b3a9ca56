import { TerraformStack, type IConstruct } from './cdktf.js';
import type { HostSpec, ServiceSpec, TopologySpec } from '../model/topology.js';

/** Something in the construct tree that contributes to the topology model. */
export interface TopologyParticipant extends IConstruct {
  readonly topologyKind: 'host' | 'service';
  toSpec(): HostSpec | ServiceSpec;
}

/**
 * The hosts and services of each stack, in declaration order. Every host and
 * service validates against the whole topology, and walking the construct tree
 * for each of them made synth time grow with the square of the app.
 */
const PARTICIPANTS = new WeakMap<TerraformStack, TopologyParticipant[]>();

/** Records a host or service as part of its stack's topology; called by its constructor. */
export function joinTopology(participant: TopologyParticipant): void {
  const stack = TerraformStack.of(participant);
  if (!PARTICIPANTS.has(stack)) PARTICIPANTS.set(stack, []);
  PARTICIPANTS.get(stack)!.push(participant);
}

/** The topology of the stack that holds `scope`. */
export function topologyOf(scope: IConstruct): TopologySpec {
  const participants = PARTICIPANTS.get(TerraformStack.of(scope)) ?? [];
  return {
    hosts: participants.filter((p) => p.topologyKind === 'host').map((p) => p.toSpec() as HostSpec),
    services: participants.filter((p) => p.topologyKind === 'service').map((p) => p.toSpec() as ServiceSpec),
  };
}
