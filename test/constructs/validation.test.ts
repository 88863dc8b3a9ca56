import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { ContainerPort, DockerHost, Service } from '../../lib/index.js';
import { synthErrors } from '../support/synth.js';

/** A stack with one host "h1" (path s/h1); each test adds what it is about. */
function fixture() {
  const stack = new TerraformStack(Testing.app(), 's');
  const host = new DockerHost(stack, 'h1');
  return { stack, host };
}

describe('validation at synth, reported with the construct path and a fix', () => {
  it('duplicate service names on a host', () => {
    const { stack, host } = fixture();
    new Service(stack, 'first', { host, name: 'db', image: 'mongo:7.0' });
    new Service(stack, 'second', { host, name: 'db', image: 'mongo:7.0' });
    expect(synthErrors(stack)).toContain(
      '[s/h1] s/second: container name "db" is already used on host "h1" by s/first. Container names must be unique per Docker host; rename one of the services',
    );
  });

  it('a host port published twice on the same host, IP and protocol', () => {
    const { stack, host } = fixture();
    new Service(stack, 'a', { host, image: 'nginx:1.27' }).publish(ContainerPort.tcp(80));
    new Service(stack, 'b', { host, image: 'nginx:1.27' }).publish(ContainerPort.tcp(8080), { hostPort: 80 });
    expect(synthErrors(stack)).toContain(
      '[s/h1] s/b: host port 0.0.0.0:80/tcp is already published by s/a (0.0.0.0:80/tcp) on host "h1". Publish on another host port, or bind each to a different host IP',
    );
  });

  it('a port outside 1–65535', () => {
    const { stack, host } = fixture();
    const web = new Service(stack, 'web', { host, image: 'nginx:1.27', exposedPorts: [ContainerPort.tcp(0)] });
    web.publish(ContainerPort.tcp(80), { hostPort: 65536 });
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/web] exposed port 0/tcp is outside 1–65535. Expose the port the process listens on');
    expect(errors).toContain('[s/web] host port 65536 (for 80/tcp) is outside 1–65535. Choose a host port between 1 and 65535');
  });

  it('a link to a service on another host', () => {
    const { stack, host } = fixture();
    const other = new DockerHost(stack, 'h2');
    new Service(stack, 'MongoDB', { host: other, image: 'mongo:7.0' });
    new Service(stack, 'Tomcat', { host, image: 'tomcat:9.0-jre17', links: [{ target: 'MongoDB', alias: 'db' }] });
    expect(synthErrors(stack)).toContain(
      '[s/Tomcat] link MongoDB:db targets a service on another host (s/MongoDB on host "h2"), but links only work on one host. ' +
        'Move one of the services to host "h1", or reach it over a multi-host network',
    );
  });

  it('a link to an unknown service', () => {
    const { stack, host } = fixture();
    new Service(stack, 'MongoDB', { host, image: 'mongo:7.0' });
    new Service(stack, 'Tomcat', { host, image: 'tomcat:9.0-jre17', links: [{ target: 'Mongo', alias: 'db' }] });
    expect(synthErrors(stack)).toContain(
      '[s/Tomcat] link Mongo:db targets an unknown service "Mongo". Services on host "h1": MongoDB, Tomcat; check the spelling or declare the service',
    );
  });

  it('an invalid alias', () => {
    const { stack, host } = fixture();
    const mongo = new Service(stack, 'MongoDB', { host, image: 'mongo:7.0' });
    new Service(stack, 'Tomcat', { host, image: 'tomcat:9.0-jre17' }).link(mongo, { alias: 'd b' });
    expect(synthErrors(stack)).toContain(
      `[s/Tomcat] link alias "d b" is not valid: use letters, digits, '_' and '-', starting with a letter or digit`,
    );
  });

  it('an invalid container name', () => {
    const { stack, host } = fixture();
    new Service(stack, 'web', { host, name: 'web server', image: 'nginx:1.27' });
    expect(synthErrors(stack)).toContain(`[s/web] container name "web server" is not valid: Docker allows letters, digits, '_', '.' and '-'`);
  });

  it('an invalid image reference', () => {
    const { stack, host } = fixture();
    new Service(stack, 'web', { host, image: 'Nginx:latest' });
    expect(synthErrors(stack)).toContain(
      '[s/web] image "Nginx:latest" is not a valid Docker image reference. Repository names must be lower case. Use [registry/]name[:tag][@sha256:digest]',
    );
  });

  it('an invalid environment key', () => {
    const { stack, host } = fixture();
    new Service(stack, 'web', { host, image: 'nginx:1.27', environment: { 'BAD KEY': 'x' } });
    expect(synthErrors(stack)).toContain(`[s/web] environment variable name "BAD KEY" is not valid`);
  });

  it('a link variable the link does not set', () => {
    const { stack, host } = fixture();
    const mongo = new Service(stack, 'MongoDB', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
    const tomcat = new Service(stack, 'Tomcat', { host, image: 'tomcat:9.0-jre17', links: [{ target: mongo, alias: 'db' }] });
    tomcat.addEnvironment('DB', tomcat.linkVariable('db', 'DB_PORT_27019_TCP_ADDR'));
    tomcat.addEnvironment('ES', tomcat.linkVariable('es', 'ES_PORT'));
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/Tomcat] link "db" does not set DB_PORT_27019_TCP_ADDR. Check the name against the target\'s exposed ports');
    expect(errors).toContain('[s/Tomcat] link variable ES_PORT is requested from alias "es", but there is no link with that alias. Link the service first');
  });

  it('writes no Terraform JSON when validation fails', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdn-validation-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'broken');
      new Service(stack, 'web', { host: new DockerHost(stack, 'h1'), image: 'nginx:1.27', environment: { 'A=B': '$(reboot)' } });
      expect(() => app.synth()).toThrow(/environment variable name "A=B" is not valid/);
      expect(existsSync(join(outdir, 'stacks', 'broken', 'cdk.tf.json'))).toBe(false);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
