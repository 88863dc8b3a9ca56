import type { DockerHost } from './docker-host.js';
import type { EncompassStack } from './encompass-stack.js';
import type { FabricEngine } from './fabric-engine.js';
import type { HostAccess } from './host-access.js';
import type { HostAgent } from './host-agent.js';
import type { OverlayFabric } from './overlay-fabric.js';
import type { Service } from './service.js';
import type { StaticNetwork } from './static-network.js';

/**
 * Brands for the `isX` checks of the constructs. A brand is a global symbol set
 * on each instance, so the checks hold across copies of this package (two
 * versions in one node_modules make `instanceof` fail) and this module, which
 * imports nothing at run time, breaks the import cycles between the constructs.
 */
const BRAND = {
  DockerHost: Symbol.for('cdktf-docker-network.DockerHost'),
  EncompassStack: Symbol.for('cdktf-docker-network.EncompassStack'),
  FabricEngine: Symbol.for('cdktf-docker-network.FabricEngine'),
  HostAccess: Symbol.for('cdktf-docker-network.HostAccess'),
  HostAgent: Symbol.for('cdktf-docker-network.HostAgent'),
  OverlayFabric: Symbol.for('cdktf-docker-network.OverlayFabric'),
  Service: Symbol.for('cdktf-docker-network.Service'),
  StaticNetwork: Symbol.for('cdktf-docker-network.StaticNetwork'),
} as const;

type Kind = keyof typeof BRAND;

/** Marks `instance` as a `kind`; called in each constructor. */
export function brand(instance: object, kind: Kind): void {
  Object.defineProperty(instance, BRAND[kind], { value: true });
}

function isBranded(x: unknown, kind: Kind): boolean {
  return x !== null && typeof x === 'object' && BRAND[kind] in x;
}

export const isDockerHost = (x: unknown): x is DockerHost => isBranded(x, 'DockerHost');
export const isEncompassStack = (x: unknown): x is EncompassStack => isBranded(x, 'EncompassStack');
export const isFabricEngine = (x: unknown): x is FabricEngine => isBranded(x, 'FabricEngine');
export const isHostAccess = (x: unknown): x is HostAccess => isBranded(x, 'HostAccess');
export const isHostAgent = (x: unknown): x is HostAgent => isBranded(x, 'HostAgent');
export const isOverlayFabric = (x: unknown): x is OverlayFabric => isBranded(x, 'OverlayFabric');
export const isService = (x: unknown): x is Service => isBranded(x, 'Service');
export const isStaticNetwork = (x: unknown): x is StaticNetwork => isBranded(x, 'StaticNetwork');
