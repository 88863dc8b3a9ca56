import type { TerraformResource } from './cdktf.js';
import type { Service } from './service.js';

/**
 * Something that gives services planned addresses (a static network, a fabric).
 * A service asks it for its Docker network membership and for the address a
 * peer on the same network reaches it at. The members only services call are
 * internal, as are their implementations: the published typings drop both, so
 * the classes still implement what remains of the interface there.
 */
export interface ServiceAddressing {
  /** Name of the network in reports (the Docker network's name, or the static network's). */
  readonly networkName: string;
  /** The planned address of `service`, or `undefined` when planning failed. */
  plannedAddress(service: Service): string | undefined;
  /** True when `service` has an address here. */
  hasService(service: Service): boolean;
  /** The planned address of `service` (resolved at synth). */
  addressOf(service: Service): string;
  /**
   * The Docker network and address this gives `service` natively, if it does so through Docker.
   * @internal
   */
  dockerNetworkOf(service: Service): { readonly name: string; readonly address: string } | undefined;
  /**
   * Resources `service`'s container must start after, because they make the network its address lives on.
   * @internal
   */
  startAfter(service: Service): TerraformResource[];
  /**
   * Resources after which `service`'s address answers (made after its container started, e.g. a veth attachment).
   * @internal
   */
  addressReadyAfter(service: Service): TerraformResource[];
}
