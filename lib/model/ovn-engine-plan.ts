import { Address4 } from 'ip-address';
import { networkNameProblem } from './docker-names.js';
import type { FabricHostPlan } from './fabric-host-blocks.js';
import { interfaceNameProblem, shortHash } from './linux-interface-names.js';
import type { Problem } from './problem.js';
import { TUNNEL_TYPES, tunnelTypesOf, type TunnelType } from './tunnel-types.js';

/**
 * Open Virtual Network as the fabric's engine: one logical switch in a
 * northbound database; `ovn-northd` compiles it into the southbound database;
 * an `ovn-controller` per host (a chassis) programs its Open vSwitch and makes
 * the tunnels to every other chassis itself. Terraform manages a chassis per
 * host and a port per container, never a tunnel, so adding a host touches no
 * other host's resources.
 */

/** Client ports of the northbound and southbound databases, as OVN documents them. */
export const OVN_NORTHBOUND_PORT = 6641;
export const OVN_SOUTHBOUND_PORT = 6642;
/** Raft ports between clustered central hosts. */
export const OVN_NORTHBOUND_RAFT_PORT = 6643;
export const OVN_SOUTHBOUND_RAFT_PORT = 6644;

/** What the user chose for OVN (see `FabricEngine.ovn`). */
export interface OvnEngineSpec {
  readonly type: 'ovn';
  readonly encapsulation: TunnelType;
  /** Names of fabric hosts that run the databases and `ovn-northd`: one, or an odd number ≥ 3 for a Raft cluster. */
  readonly central: readonly string[];
  /** Addresses of a control plane run elsewhere; instead of `central`. */
  readonly externalCentral: readonly string[];
  /** @default "br-int" */
  readonly integrationBridge?: string;
  /** @default the fabric's name */
  readonly logicalSwitch?: string;
}

/** The control plane: where the databases and `ovn-northd` run. */
export interface OvnCentralPlan {
  /** Name of its state on the central hosts (a directory per host). */
  readonly name: string;
  /** Fabric hosts running it, in order (the first bootstraps a cluster); empty for an external one. */
  readonly hosts: readonly string[];
  /** Its addresses, in order: the hosts' underlay addresses, or the external ones. */
  readonly addresses: readonly string[];
  /** Raft-clustered databases (more than one address). */
  readonly clustered: boolean;
}

/** One host's `ovn-controller` settings. */
export interface OvnChassisPlan {
  readonly host: string;
  /** `external_ids:system-id`: the chassis' name in the southbound database. */
  readonly systemId: string;
  /** `external_ids:ovn-encap-ip`: where other chassis' tunnels end. */
  readonly encapIp: string;
}

/** One container's logical switch port. */
export interface OvnPortPlan {
  /** The service's construct path. */
  readonly service: string;
  readonly host: string;
  /** The logical switch port's name, also the interface's `iface-id`. */
  readonly port: string;
  /** Planned MAC (OVN's port security and ARP answers need it known). */
  readonly mac: string;
}

export interface OvnEnginePlan {
  readonly type: 'ovn';
  readonly encapsulation: TunnelType;
  readonly logicalSwitch: string;
  /** The OVS bridge `ovn-controller` programs on every host. */
  readonly integrationBridge: string;
  readonly central: OvnCentralPlan;
  /** Northbound remotes (`tcp:IP:6641`, comma-separated): where ports are declared. */
  readonly northbound: string;
  /** Southbound remotes (`tcp:IP:6642`, comma-separated): the chassis' `ovn-remote`. */
  readonly southbound: string;
  readonly chassis: readonly OvnChassisPlan[];
  readonly ports: readonly OvnPortPlan[];
}

/** A container to give a port: its service path, host and container name. */
export interface OvnPortRequest {
  readonly service: string;
  readonly host: string;
  readonly container: string;
  /** Its planned address, when planning succeeded. */
  readonly address?: string;
}

/**
 * A MAC derived from the IPv4 address, as ovn-kubernetes does: `0a:58` (locally
 * administered, unicast) and the address's four bytes, so it is unique wherever
 * the address is and stable across deploys.
 */
export function macForAddress(address: string): string {
  const bytes = address.split('.').map((b) => Number(b).toString(16).padStart(2, '0'));
  return ['0a', '58', ...bytes].join(':');
}

/**
 * OVN's part of the fabric plan. `identity` is what default names derive from;
 * `members` names every host that joined (`hosts` only those whose block could be planned).
 */
export function planOvnEngine(
  path: string,
  fabricName: string,
  identity: readonly string[],
  spec: OvnEngineSpec,
  members: readonly string[],
  hosts: readonly FabricHostPlan[],
  requests: readonly OvnPortRequest[],
): { readonly plan: OvnEnginePlan; readonly problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (message: string) => problems.push({ path, message });
  const logicalSwitch = spec.logicalSwitch ?? fabricName;
  const integrationBridge = spec.integrationBridge ?? 'br-int';

  const encapsulationProblem = ovnEncapsulationProblem(spec.encapsulation);
  if (encapsulationProblem) at(encapsulationProblem);
  const bridgeProblem = interfaceNameProblem(integrationBridge, 'integration bridge name');
  if (bridgeProblem) at(bridgeProblem);
  const switchProblem = networkNameProblem(logicalSwitch);
  if (switchProblem) at(`logical switch ${switchProblem.replace(/^network /, '')}`);

  const addresses = centralAddresses(spec, members, hosts, at);
  const central: OvnCentralPlan = {
    name: `cdnc-${shortHash(8, 'ovn-central', ...identity)}`,
    hosts: spec.central,
    addresses,
    clustered: addresses.length > 1,
  };
  const remotes = (port: number) => addresses.map((a) => `tcp:${a}:${port}`).join(',');
  const chassis = hosts.map((h) => ({ host: h.name, systemId: h.name, encapIp: h.underlayIp ?? '' }));
  const ports = requests.map((r) => ({ service: r.service, host: r.host, port: `${r.host}_${r.container}`, mac: r.address ? macForAddress(r.address) : '' }));
  return {
    plan: {
      type: 'ovn',
      encapsulation: spec.encapsulation,
      logicalSwitch,
      integrationBridge,
      central,
      northbound: remotes(OVN_NORTHBOUND_PORT),
      southbound: remotes(OVN_SOUTHBOUND_PORT),
      chassis,
      ports,
    },
    problems,
  };
}

/** Why OVN cannot use `encapsulation`, if it cannot. */
export function ovnEncapsulationProblem(encapsulation: TunnelType): string | undefined {
  if (tunnelTypesOf('ovn').includes(encapsulation)) return undefined;
  return (
    `OVN cannot carry a fabric over ${TUNNEL_TYPES[encapsulation].label}: ovn-controller builds ${tunnelTypesOf('ovn').map((t) => TUNNEL_TYPES[t].label).join(' or ')} tunnels. ` +
    `Use encapsulation ${tunnelTypesOf('ovn').map((t) => `'${t}'`).join(' or ')}, or FabricEngine.mesh({ tunnel: '${encapsulation}' })`
  );
}

/** The control plane's addresses, with what is wrong with the choice reported through `at`. */
function centralAddresses(spec: OvnEngineSpec, members: readonly string[], hosts: readonly FabricHostPlan[], at: (message: string) => void): string[] {
  const { central, externalCentral } = spec;
  if (central.length === 0 && externalCentral.length === 0) {
    at(
      'the OVN engine has no control plane. Set central to a host of the fabric (FabricEngine.ovn({ central: hostA })), ' +
        'or to three hosts for high availability, or set externalCentral to the addresses of a control plane you run',
    );
    return [];
  }
  if (central.length > 0 && externalCentral.length > 0) {
    at('the OVN engine has both central hosts and an externalCentral. Set one of them: central runs the control plane on fabric hosts, externalCentral uses one you run');
    return [];
  }
  const chosen = central.length > 0 ? central : externalCentral;
  const what = central.length > 0 ? 'central hosts' : 'externalCentral addresses';
  const duplicate = chosen.find((c, i) => chosen.indexOf(c) !== i);
  if (duplicate !== undefined) at(`${what} list "${duplicate}" twice. List each once`);
  if (chosen.length % 2 === 0) {
    at(
      `the OVN control plane has ${chosen.length} ${what}: a Raft cluster needs a majority to work, so ${chosen.length} survive no more losses than ${chosen.length - 1}. ` +
        `Use 1, 3 or 5`,
    );
  }
  if (externalCentral.length > 0) {
    for (const address of externalCentral) {
      if (!Address4.isValid(address) || address.includes('/')) at(`externalCentral address ${JSON.stringify(address)} is not an IPv4 address (without prefix), e.g. "192.168.0.5"`);
    }
    return [...externalCentral];
  }
  const addresses: string[] = [];
  for (const name of central) {
    const host = hosts.find((h) => h.name === name);
    if (!members.includes(name)) {
      at(`central host "${name}" is not part of the fabric: the control plane runs on fabric hosts and listens on their underlay address. Add it with addHost() first, or choose a host of the fabric`);
    } else if (host?.underlayIp !== undefined) {
      addresses.push(host.underlayIp);
    }
  }
  return addresses;
}
