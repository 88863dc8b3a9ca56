import { TerraformStack, type Construct } from '../lib/constructs/cdktf.js';
import { Connectivity, DockerHost, EncompassStack, OverlayFabric } from '../lib/index.js';
import { contextObject, stringSetting } from './environment-settings.js';

/** One prod host as cdktf context can describe it. */
export interface ProdHostSettings {
  readonly dockerHost: string;
  readonly underlayAddress: string;
  readonly underlayInterface: string;
}

/**
 * Placeholders from the documentation range (192.0.2.0/24, RFC 5737): they
 * synthesize, and a real deploy sets its own hosts through context.
 */
export const PROD_DEFAULT_HOSTS = {
  'host-a': { dockerHost: 'ssh://root@192.0.2.11', underlayAddress: '192.0.2.11/24', underlayInterface: 'eth0' },
  'host-b': { dockerHost: 'ssh://root@192.0.2.12', underlayAddress: '192.0.2.12/24', underlayInterface: 'eth0' },
  'host-c': { dockerHost: 'ssh://root@192.0.2.13', underlayAddress: '192.0.2.13/24', underlayInterface: 'eth0' },
} as const satisfies Record<string, ProdHostSettings>;

/**
 * prod: Elasticsearch on host-a, MongoDB on host-b, Tomcat on host-c, joined by
 * an overlay fabric (GRE full mesh, protected tunnel ports, underlay MTU raised
 * for the overhead). Tomcat's JAVA_OPTS carry the others' fabric addresses.
 *
 * Context: `"prod": { "namePrefix": "", "hosts": { "host-a": { "dockerHost": "ssh://root@10.0.0.11",
 * "underlayAddress": "10.0.0.11/24", "underlayInterface": "eth0" }, … } }`; each of
 * host-a, host-b and host-c may be overridden.
 */
export class ProdEnvironment extends TerraformStack {
  public readonly app: EncompassStack;
  public readonly fabric: OverlayFabric;

  public constructor(scope: Construct, id = 'prod') {
    super(scope, id);
    const context = contextObject(this.node.tryGetContext(id), id, ['hosts', 'namePrefix']);
    const hostsContext = contextObject(context?.hosts, `${id}.hosts`, Object.keys(PROD_DEFAULT_HOSTS));

    this.fabric = new OverlayFabric(this, 'fabric', { name: `${id}-fabric`, subnet: '10.50.0.0/16' });
    const hosts = Object.entries(PROD_DEFAULT_HOSTS).map(([name, defaults]) => {
      const path = `${id}.hosts.${name}`;
      const settings = contextObject(hostsContext?.[name], path, ['dockerHost', 'underlayAddress', 'underlayInterface']);
      const host = new DockerHost(this, name, {
        endpoint: stringSetting(settings, path, 'dockerHost', defaults.dockerHost),
        linkNetworkName: `${id}-${name}-links`,
      });
      this.fabric.addHost(host, {
        underlayAddress: stringSetting(settings, path, 'underlayAddress', defaults.underlayAddress),
        underlayInterface: stringSetting(settings, path, 'underlayInterface', defaults.underlayInterface),
      });
      return host;
    });
    const [hostA, hostB, hostC] = hosts as [DockerHost, DockerHost, DockerHost];
    this.app = new EncompassStack(this, 'encompass', {
      host: hostA,
      placement: { elasticsearch: hostA, mongodb: hostB, tomcat: hostC },
      connectivity: Connectivity.FABRIC,
      fabric: this.fabric,
      namePrefix: stringSetting(context, id, 'namePrefix', ''),
    });
  }
}
