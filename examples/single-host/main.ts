/**
 * Single host: the 2014 article's Elasticsearch / MongoDB / Tomcat stack on one
 * Docker host, with the article's two ways of connecting containers there:
 * - published ports (`Service.publish`, the article's `-p 80:8080`);
 * - links (`Service.link`, the article's `--link MongoDB:db`): Tomcat gets
 *   Docker's legacy link variables (`DB_PORT_27017_TCP_ADDR`, `DB_NAME`…) and
 *   builds its `JAVA_OPTS` from them with `linkVariable`.
 *
 * Run it: in a project made by `cdktf init --template=typescript`, run
 * `npm install cdktf-docker-network`, put this file in place of main.ts and run
 * `npx cdktf synth` (or `npx cdktf deploy single-host`).
 */
import { App, TerraformStack } from 'cdktf';
import { ContainerPort, DockerHost, Service } from 'cdktf-docker-network';

const app = new App();
const stack = new TerraformStack(app, 'single-host');

// One Docker engine over SSH (the key comes from your SSH agent). The host's
// agent keeps state under /var/lib: as deploy, not root, its commands run through sudo -n.
const host = new DockerHost(stack, 'app-host', { endpoint: 'ssh://deploy@10.0.0.11' });

const elasticsearch = new Service(stack, 'ElasticSearch', {
  host,
  image: 'elasticsearch:7.17.25',
  exposedPorts: [ContainerPort.tcp(9200), ContainerPort.tcp(9300)],
  environment: { 'discovery.type': 'single-node', ES_JAVA_OPTS: '-Xms512m -Xmx512m' },
});
const mongodb = new Service(stack, 'MongoDB', {
  host,
  image: 'mongo:7.0',
  exposedPorts: [ContainerPort.tcp(27017), ContainerPort.tcp(27018)],
});
const tomcat = new Service(stack, 'Tomcat', {
  host,
  image: 'tomcat:9.0-jre17',
  exposedPorts: [ContainerPort.tcp(8080)],
});

// Port mapping: -p 80:8080 for the world, and Elasticsearch's HTTP port for the
// host itself only (-p 127.0.0.1:9200:9200).
tomcat.publish(ContainerPort.tcp(8080), { hostPort: 80 });
elasticsearch.publish(ContainerPort.tcp(9200), { hostIp: '127.0.0.1' });

// Links: --link MongoDB:db --link ElasticSearch:es. The link variables are
// Terraform expressions: the linked container's address once it exists.
tomcat.link(mongodb, { alias: 'db' });
tomcat.link(elasticsearch, { alias: 'es' });
tomcat.addEnvironment(
  'JAVA_OPTS',
  [
    `-Des.node.hosts=${tomcat.linkVariable('es', 'ES_PORT_9200_TCP_ADDR')}`,
    `-Ddb.encompass.hosts=${tomcat.linkVariable('db', 'DB_PORT_27017_TCP_ADDR')}:27017`,
    `-Ddb.audit.hosts=${tomcat.linkVariable('db', 'DB_PORT_27018_TCP_ADDR')}:27018`,
  ].join(' '),
);

app.synth();
