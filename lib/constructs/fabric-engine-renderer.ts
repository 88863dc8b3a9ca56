import type { TerraformResource } from './cdktf.js';
import type { HostClaim } from '../model/host-claims.js';
import type { Problem } from '../model/problem.js';
import type { DockerHost } from './docker-host.js';
import type { FabricHostOptions } from './overlay-fabric.js';
import type { Service } from './service.js';

/** A host that joined a fabric, and how. */
export interface FabricMember {
  readonly host: DockerHost;
  readonly options: FabricHostOptions;
}

/**
 * What an engine does for one fabric: it makes the resources of each host and
 * each assigned service as they are declared (their values come from the
 * fabric's plan at synth), and answers the fabric's questions about them.
 */
export interface FabricEngineRenderer {
  /** `member` joined the fabric: make its resources. */
  addHost(member: FabricMember): void;
  /** `service` was given an address: make what gives it. */
  assign(service: Service): void;
  /** The Docker network and address the engine gives `service` through Docker, if it does. */
  dockerNetworkOf(service: Service): { readonly name: string; readonly address: string } | undefined;
  /** Resources `service`'s container must start after. */
  startAfter(service: Service): TerraformResource[];
  /** Resources after which `service`'s address answers. */
  addressReadyAfter(service: Service): TerraformResource[];
  /** What the engine occupies on `member`'s host besides what every fabric does. */
  hostClaims(member: FabricMember): HostClaim[];
  /** Problems of what the engine renders that the plan cannot see (e.g. a container interface). */
  problems(): Problem[];
}
