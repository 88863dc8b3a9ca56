import { TerraformStack, type Construct } from '../lib/constructs/cdktf.js';
import { AddressMode, Connectivity, DockerHost, EncompassStack, type EncompassStaticAddresses } from '../lib/index.js';
import { environmentSettings } from './environment-settings.js';

/** What distinguishes one environment of the ES/MongoDB/Tomcat application from another. */
export interface EnvironmentDefinition {
  /** Stack name, used with `cdktf deploy <name>` and as the cdktf context key. */
  readonly name: string;
  /** Name of the environment's Docker host in the topology. */
  readonly hostName: string;
  readonly connectivity: Connectivity;
  /** Static addresses for the services. @default none */
  readonly staticAddresses?: EncompassStaticAddresses;
}

/** The environments `cdktf synth` writes. */
export const ENVIRONMENTS = {
  /** Port mapping on the local Docker engine: every service published on the host. */
  dev: { name: 'dev', hostName: 'local', connectivity: Connectivity.PORT_MAPPING },
  /** Links on one host: Tomcat linked to MongoDB (`db`) and Elasticsearch (`es`). */
  staging: { name: 'staging', hostName: 'staging', connectivity: Connectivity.LINKS },
  /**
   * Links on one host, every service on a fixed address (Docker's IPAM), so
   * Tomcat's link variables carry addresses known before deploy.
   */
  'staging-static': {
    name: 'staging-static',
    hostName: 'staging',
    connectivity: Connectivity.LINKS,
    staticAddresses: {
      mode: AddressMode.NATIVE,
      subnet: '10.42.0.0/24',
      gateway: '10.42.0.1',
      dynamicRange: '10.42.0.128/25',
      addresses: { elasticsearch: '10.42.0.10', mongodb: '10.42.0.20', tomcat: '10.42.0.30' },
    },
  },
} as const satisfies Record<string, EnvironmentDefinition>;

/** One environment: a Terraform stack holding the application on its host. */
export class EncompassEnvironment extends TerraformStack {
  public readonly app: EncompassStack;

  public constructor(scope: Construct, definition: EnvironmentDefinition) {
    super(scope, definition.name);
    const settings = environmentSettings(this, definition.name, {
      dockerHost: 'unix:///var/run/docker.sock',
      namePrefix: '',
    });
    // Networks are named after the environment, so environments sharing one engine do not collide.
    const host = new DockerHost(this, definition.hostName, {
      endpoint: settings.dockerHost,
      linkNetworkName: `${definition.name}-links`,
    });
    this.app = new EncompassStack(this, 'encompass', {
      host,
      connectivity: definition.connectivity,
      namePrefix: settings.namePrefix,
      ...(definition.staticAddresses
        ? { staticAddresses: { networkName: `${definition.name}-addresses`, ...definition.staticAddresses } }
        : {}),
    });
  }
}
