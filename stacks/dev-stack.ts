import { TerraformStack, type Construct } from '../lib/constructs/cdktf.js';
import { Connectivity, DockerHost, EncompassStack } from '../lib/index.js';
import { environmentSettings } from './environment-settings.js';

/** dev: the ES/MongoDB/Tomcat stack on the local Docker engine, every port published on the host. */
export class DevStack extends TerraformStack {
  public readonly app: EncompassStack;

  public constructor(scope: Construct, id = 'dev') {
    super(scope, id);
    const settings = environmentSettings(this, id, { dockerHost: 'unix:///var/run/docker.sock', namePrefix: '' });
    const host = new DockerHost(this, 'local', { endpoint: settings.dockerHost });
    this.app = new EncompassStack(this, 'encompass', {
      host,
      connectivity: Connectivity.PORT_MAPPING,
      namePrefix: settings.namePrefix,
    });
  }
}
