import { Container, Image, Network, Testing } from '../../lib/constructs/cdktf.js';
import { ENVIRONMENTS, EncompassEnvironment } from '../../stacks/encompass-environment.js';
import { resourceNamed, synth } from '../support/synth.js';

describe('dev environment: port mapping on the local Docker engine', () => {
  const { json, config } = synth(new EncompassEnvironment(Testing.app(), ENVIRONMENTS.dev));

  it('talks to the local Docker socket through the default provider', () => {
    expect(config.provider?.docker).toEqual([{ host: 'unix:///var/run/docker.sock' }]);
  });

  it('publishes Elasticsearch on 9200 and 9300, as -p 9200:9200 -p 9300:9300', () => {
    expect(json).toHaveResourceWithProperties(Container, {
      name: 'ElasticSearch',
      ports: [
        { internal: 9200, external: 9200, ip: '0.0.0.0', protocol: 'tcp' },
        { internal: 9300, external: 9300, ip: '0.0.0.0', protocol: 'tcp' },
      ],
    });
  });

  it('publishes MongoDB on 27017 and 27018', () => {
    expect(json).toHaveResourceWithProperties(Container, {
      name: 'MongoDB',
      ports: [
        { internal: 27017, external: 27017, ip: '0.0.0.0', protocol: 'tcp' },
        { internal: 27018, external: 27018, ip: '0.0.0.0', protocol: 'tcp' },
      ],
    });
  });

  it("publishes Tomcat's web ports on the host's 80 and 443 and points it at the host", () => {
    const tomcat = resourceNamed(config, 'docker_container', 'Tomcat').body;
    expect(tomcat.ports).toEqual([
      { internal: 8080, external: 80, ip: '0.0.0.0', protocol: 'tcp' },
      { internal: 8443, external: 443, ip: '0.0.0.0', protocol: 'tcp' },
    ]);
    expect(tomcat.host).toEqual([{ host: 'host.docker.internal', ip: 'host-gateway' }]);
    expect(tomcat.env).toEqual([
      'JAVA_OPTS=-Des.node.hosts=host.docker.internal -Ddb.encompass.hosts=host.docker.internal:27017 -Ddb.audit.hosts=host.docker.internal:27018',
    ]);
  });

  it('makes no link network and sets no link variables', () => {
    expect(json).not.toHaveResource(Network);
    for (const body of Object.values(config.resource.docker_container ?? {})) {
      expect(body.networks_advanced).toBeUndefined();
      expect((body.env ?? []).filter((e: string) => /_PORT=|_NAME=/.test(e))).toEqual([]);
    }
  });

  it('pulls each image once and uses it by id', () => {
    for (const [name, image] of [
      ['ElasticSearch', 'elasticsearch:7.17.25'],
      ['MongoDB', 'mongo:7.0'],
      ['Tomcat', 'tomcat:9.0-jre17'],
    ] as const) {
      const imageResource = resourceNamed(config, 'docker_image', image);
      expect(imageResource.body.keep_locally).toBe(true);
      expect(resourceNamed(config, 'docker_container', name).body.image).toBe(`\${docker_image.${imageResource.id}.image_id}`);
    }
    expect(json).toHaveResourceWithProperties(Image, { name: 'mongo:7.0' });
  });
});
