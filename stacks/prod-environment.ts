import { TerraformStack, type Construct } from '../lib/constructs/cdktf.js';
import { Connectivity, DockerHost, EncompassStack, OverlayFabric } from '../lib/index.js';
import { text, z } from '../lib/model/untyped-input.js';
import { contextSettings } from './environment-settings.js';

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

const HOST_SETTINGS = z.strictObject({ dockerHost: text().optional(), underlayAddress: text().optional(), underlayInterface: text().optional() });
const PROD_SETTINGS = z.strictObject({
  namePrefix: text().optional(),
  hosts: z.strictObject({ 'host-a': HOST_SETTINGS.optional(), 'host-b': HOST_SETTINGS.optional(), 'host-c': HOST_SETTINGS.optional() }).optional(),
});

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
    const context = contextSettings(this, id, PROD_SETTINGS);

    this.fabric = new OverlayFabric(this, 'fabric', { name: `${id}-fabric`, subnet: '10.50.0.0/16' });
    const hosts = (Object.keys(PROD_DEFAULT_HOSTS) as Array<keyof typeof PROD_DEFAULT_HOSTS>).map((name) => {
      const settings = { ...PROD_DEFAULT_HOSTS[name], ...context?.hosts?.[name] };
      const host = new DockerHost(this, name, { endpoint: settings.dockerHost, linkNetworkName: `${id}-${name}-links` });
      this.fabric.addHost(host, { underlayAddress: settings.underlayAddress, underlayInterface: settings.underlayInterface });
      return host;
    });
    const [hostA, hostB, hostC] = hosts as [DockerHost, DockerHost, DockerHost];
    this.app = new EncompassStack(this, 'encompass', {
      host: hostA,
      placement: { elasticsearch: hostA, mongodb: hostB, tomcat: hostC },
      connectivity: Connectivity.FABRIC,
      fabric: this.fabric,
      namePrefix: context?.namePrefix ?? '',
    });
  }
}
