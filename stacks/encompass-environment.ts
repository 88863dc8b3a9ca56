import { TerraformStack, type Construct } from '../lib/constructs/cdktf.js';
import { Connectivity, DockerHost, EncompassStack } from '../lib/index.js';
import { environmentSettings } from './environment-settings.js';

/** What distinguishes one environment of the ES/MongoDB/Tomcat application from another. */
export interface EnvironmentDefinition {
  /** Stack name, used with `cdktf deploy <name>` and as the cdktf context key. */
  readonly name: string;
  /** Name of the environment's Docker host in the topology. */
  readonly hostName: string;
  readonly connectivity: Connectivity;
}

/** The environments `cdktf synth` writes. */
export const ENVIRONMENTS = {
  /** Port mapping on the local Docker engine: every service published on the host. */
  dev: { name: 'dev', hostName: 'local', connectivity: Connectivity.PORT_MAPPING },
  /** Links on one host: Tomcat linked to MongoDB (`db`) and Elasticsearch (`es`). */
  staging: { name: 'staging', hostName: 'staging', connectivity: Connectivity.LINKS },
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
    const host = new DockerHost(this, definition.hostName, { endpoint: settings.dockerHost });
    this.app = new EncompassStack(this, 'encompass', {
      host,
      connectivity: definition.connectivity,
      namePrefix: settings.namePrefix,
    });
  }
}
