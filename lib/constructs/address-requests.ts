import { TerraformStack, type IConstruct } from './cdktf.js';
import type { Problem } from '../model/problem.js';
import { isOverlayFabric, isStaticNetwork } from './construct-brands.js';
import type { Service } from './service.js';
import type { ServiceAddressing } from './service-addressing.js';

/**
 * The services whose address was asked of a fabric or static network with
 * `addressOf()`. The answer is lazy, so `assign()` may come later in the
 * program; a service still without an address there at synth is reported,
 * instead of the empty string the value would otherwise resolve to
 * (`DB_HOST=` in a container).
 */
export class AddressRequests {
  private readonly asked = new Set<Service>();

  /** Notes that `addressOf(service)` was asked. */
  public record(service: Service): void {
    this.asked.add(service);
  }

  /**
   * One problem, on `addressing` itself, per service asked about that it never
   * gave an address. A service it did assign but could not plan gets none:
   * the plan's own problems say why.
   */
  public problems(addressing: IConstruct & ServiceAddressing, kind: 'fabric' | 'static network'): Problem[] {
    return [...this.asked]
      .filter((service) => !addressing.hasService(service))
      .map((service) => {
        const elsewhere = addressingsOf(service).map((a) => a.node.path);
        const there = elsewhere.length > 0 ? `: ${elsewhere.join(', ')}` : '';
        return {
          path: addressing.node.path,
          message:
            `addressOf(${service.node.path}) was asked, but the service has no address on this ${kind}, so the value would be empty. ` +
            `Call assign(service) on this ${kind}, or use addressOf() of the network the service is on${there}`,
        };
      });
  }
}

/** The fabrics and static networks in `service`'s stack that give it an address. */
function addressingsOf(service: Service): Array<IConstruct & ServiceAddressing> {
  return TerraformStack.of(service)
    .node.findAll()
    .filter((c): c is IConstruct & ServiceAddressing => isOverlayFabric(c) || isStaticNetwork(c))
    .filter((a) => a.hasService(service));
}
