import { TerraformStack, type Construct } from '../lib/constructs/cdktf.js';
import { Connectivity, DockerHost, EncompassStack } from '../lib/index.js';
import { environmentSettings } from './environment-settings.js';

/** staging: the ES/MongoDB/Tomcat stack on one host, Tomcat linked to MongoDB (`db`) and Elasticsearch (`es`). */
export class StagingStack extends TerraformStack {
  public readonly app: EncompassStack;

  public constructor(scope: Construct, id = 'staging') {
    super(scope, id);
    const settings = environmentSettings(this, id, { dockerHost: 'unix:///var/run/docker.sock', namePrefix: '' });
    const host = new DockerHost(this, 'staging', { endpoint: settings.dockerHost });
    this.app = new EncompassStack(this, 'encompass', {
      host,
      connectivity: Connectivity.LINKS,
      namePrefix: settings.namePrefix,
    });
  }
}
