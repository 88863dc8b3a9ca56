import { TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { ContainerPort, DockerHost, EncompassStack, Service, Connectivity } from '../../lib/index.js';
import { resourceNamed, synth } from '../support/synth.js';

function fixture() {
  const stack = new TerraformStack(Testing.app(), 's');
  return { stack, host: new DockerHost(stack, 'h1') };
}

describe('Service', () => {
  it('lets its own environment override a link variable of the same name, in place, as Docker does', () => {
    const { stack, host } = fixture();
    const db = new Service(stack, 'db', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
    new Service(stack, 'app', { host, image: 'nginx:1.27', environment: { DB_NAME: 'mine', OWN: '1' }, links: [{ target: db }] });
    const env: string[] = resourceNamed(synth(stack).config, 'docker_container', 'app').body.env;
    expect(env.filter((e) => e.startsWith('DB_NAME='))).toEqual(['DB_NAME=mine']);
    expect(env.indexOf('DB_NAME=mine')).toBe(env.length - 2);
    expect(env[env.length - 1]).toBe('OWN=1');
  });

  it('counts published ports as exposed in the link variables, as docker run -p does', () => {
    const { stack, host } = fixture();
    const api = new Service(stack, 'api', { host, image: 'nginx:1.27' });
    api.publish(ContainerPort.udp(5353), { hostPort: 15353, hostIp: '127.0.0.1' });
    new Service(stack, 'app', { host, image: 'nginx:1.27' }).link(api, { alias: 'api' });
    const { config } = synth(stack);
    const env: string[] = resourceNamed(config, 'docker_container', 'app').body.env;
    expect(env).toContain('API_PORT_5353_UDP_PROTO=udp');
    expect(resourceNamed(config, 'docker_container', 'api').body.ports).toEqual([
      { internal: 5353, external: 15353, ip: '127.0.0.1', protocol: 'udp' },
    ]);
  });

  it('gives a target every alias it is linked under', () => {
    const { stack, host } = fixture();
    const db = new Service(stack, 'MongoDB', { host, image: 'mongo:7.0' });
    new Service(stack, 'app', { host, image: 'nginx:1.27' }).link(db, { alias: 'db' });
    new Service(stack, 'worker', { host, image: 'nginx:1.27' }).link('MongoDB', { alias: 'store' });
    const body = resourceNamed(synth(stack).config, 'docker_container', 'MongoDB').body;
    expect(body.networks_advanced[0].aliases).toEqual(['db', 'store']);
  });

  it('keeps the image on destroy unless told otherwise', () => {
    const { stack, host } = fixture();
    new Service(stack, 'web', { host, image: 'nginx:1.27', keepImageLocally: false });
    expect(resourceNamed(synth(stack).config, 'docker_image', 'nginx:1.27').body.keep_locally).toBe(false);
  });
});

describe('EncompassStack', () => {
  it('prefixes container names, link names and link variables follow', () => {
    const { stack, host } = fixture();
    new EncompassStack(stack, 'app', { host, connectivity: Connectivity.LINKS, namePrefix: 'qa-' });
    const { config } = synth(stack);
    const tomcat = resourceNamed(config, 'docker_container', 'qa-Tomcat').body;
    expect(tomcat.env).toContain('DB_NAME=/qa-Tomcat/db');
    expect(tomcat.host.map((h: { host: string }) => h.host)).toContain('qa-MongoDB');
  });

  it('takes other images', () => {
    const { stack, host } = fixture();
    new EncompassStack(stack, 'app', {
      host,
      connectivity: Connectivity.PORT_MAPPING,
      images: { elasticsearch: 'encompass/elastic_search:latest', mongodb: 'encompass/mongodb:latest', tomcat: 'encompass/tomcat7:latest' },
    });
    const { config } = synth(stack);
    expect(Object.values(config.resource.docker_image!).map((i) => i.name).sort()).toEqual([
      'encompass/elastic_search:latest',
      'encompass/mongodb:latest',
      'encompass/tomcat7:latest',
    ]);
  });

  it('rejects a port mapping that clashes with another service on the host', () => {
    const { stack, host } = fixture();
    new EncompassStack(stack, 'app', { host, connectivity: Connectivity.PORT_MAPPING });
    new Service(stack, 'proxy', { host, image: 'nginx:1.27' }).publish(ContainerPort.tcp(80));
    expect(() => Testing.synth(stack, true)).toThrow(/\[s\/h1\] s\/proxy: host port 0\.0\.0\.0:80\/tcp is already published by s\/app\/Tomcat/);
  });
});
