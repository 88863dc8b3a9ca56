import { Network, Testing } from '../../lib/constructs/cdktf.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';
import { resourceNamed, synth } from '../support/synth.js';

describe('staging environment: links on one host', () => {
  const { json, config } = synth(new EncompassEnvironment(Testing.app(), ENVIRONMENTS.staging));
  const network = resourceNamed(config, 'docker_network', 'staging-links');
  const mongo = resourceNamed(config, 'docker_container', 'MongoDB');
  const es = resourceNamed(config, 'docker_container', 'ElasticSearch');
  const tomcat = resourceNamed(config, 'docker_container', 'Tomcat');
  /** The target's address on the link network, as Terraform resolves it once the container exists. */
  const addressOf = (id: string) =>
    `\${one([ for key, val in toset(docker_container.${id}.network_data): val.ip_address if val.network_name == "staging-links"])}`;
  const DB = addressOf(mongo.id);
  const ES = addressOf(es.id);

  it('makes one user-defined bridge network for the links', () => {
    expect(json).toHaveResourceWithProperties(Network, { name: 'staging-links', driver: 'bridge' });
    expect(Object.keys(config.resource.docker_network!)).toHaveLength(1);
  });

  it('puts the targets on it under their link aliases, and Tomcat on it without one', () => {
    const networkName = `\${docker_network.${network.id}.name}`;
    expect(mongo.body.networks_advanced).toEqual([{ name: networkName, aliases: ['db'] }]);
    expect(es.body.networks_advanced).toEqual([{ name: networkName, aliases: ['es'] }]);
    expect(tomcat.body.networks_advanced).toEqual([{ name: networkName }]);
  });

  it('publishes only Tomcat', () => {
    expect(mongo.body.ports).toBeUndefined();
    expect(es.body.ports).toBeUndefined();
    expect(tomcat.body.ports).toEqual([
      { internal: 8080, external: 80, ip: '0.0.0.0', protocol: 'tcp' },
      { internal: 8443, external: 443, ip: '0.0.0.0', protocol: 'tcp' },
    ]);
  });

  it('writes hosts entries for each alias, the target hostname and the target name', () => {
    expect(tomcat.body.host).toEqual([
      { host: 'db', ip: DB },
      { host: `\${docker_container.${mongo.id}.hostname}`, ip: DB },
      { host: 'MongoDB', ip: DB },
      { host: 'es', ip: ES },
      { host: `\${docker_container.${es.id}.hostname}`, ip: ES },
      { host: 'ElasticSearch', ip: ES },
    ]);
  });

  it("gives Tomcat exactly Docker's link variables for --link MongoDB:db --link ElasticSearch:es, then JAVA_OPTS", () => {
    expect(tomcat.body.env).toEqual([
      `DB_PORT=tcp://${DB}:27017`,
      `DB_PORT_27017_TCP=tcp://${DB}:27017`,
      `DB_PORT_27017_TCP_ADDR=${DB}`,
      'DB_PORT_27017_TCP_PORT=27017',
      'DB_PORT_27017_TCP_PROTO=tcp',
      `DB_PORT_27018_TCP=tcp://${DB}:27018`,
      `DB_PORT_27018_TCP_ADDR=${DB}`,
      'DB_PORT_27018_TCP_PORT=27018',
      'DB_PORT_27018_TCP_PROTO=tcp',
      `DB_PORT_27017_TCP_START=tcp://${DB}:27017`,
      'DB_PORT_27017_TCP_PORT_START=27017',
      `DB_PORT_27017_TCP_END=tcp://${DB}:27018`,
      'DB_PORT_27017_TCP_PORT_END=27018',
      'DB_NAME=/Tomcat/db',
      `ES_PORT=tcp://${ES}:9200`,
      `ES_PORT_9200_TCP=tcp://${ES}:9200`,
      `ES_PORT_9200_TCP_ADDR=${ES}`,
      'ES_PORT_9200_TCP_PORT=9200',
      'ES_PORT_9200_TCP_PROTO=tcp',
      `ES_PORT_9300_TCP=tcp://${ES}:9300`,
      `ES_PORT_9300_TCP_ADDR=${ES}`,
      'ES_PORT_9300_TCP_PORT=9300',
      'ES_PORT_9300_TCP_PROTO=tcp',
      'ES_NAME=/Tomcat/es',
      'ES_ENV_discovery.type=single-node',
      'ES_ENV_ES_JAVA_OPTS=-Xms512m -Xmx512m',
      `JAVA_OPTS=-Des.node.hosts=${ES} -Ddb.encompass.hosts=${DB}:27017 -Ddb.audit.hosts=${DB}:27018`,
    ]);
  });

  it('references only containers that exist in the stack', () => {
    const ids = new Set(Object.keys(config.resource.docker_container!));
    for (const ref of json.matchAll(/docker_container\.([A-Za-z0-9_-]+)\./g)) expect(ids).toContain(ref[1]);
  });
});
