import { TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { DockerHost, HostAccess, Service } from '../../lib/index.js';
import { resourceNamed, synth, synthErrors } from '../support/synth.js';

describe('DockerHost', () => {
  it('uses the default docker provider when it is the only host', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const host = new DockerHost(stack, 'local');
    new Service(stack, 'web', { host, image: 'nginx:1.27' });
    const { config } = synth(stack);
    expect(config.provider?.docker).toEqual([{ host: 'unix:///var/run/docker.sock' }]);
    expect(resourceNamed(config, 'docker_container', 'web').body.provider).toBe('docker');
  });

  it('aliases every provider with its host name once a stack has several hosts', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const a = new DockerHost(stack, 'host-a', { endpoint: 'ssh://deploy@10.0.0.1', sshOptions: ['-o', 'StrictHostKeyChecking=yes'] });
    new Service(stack, 'web', { host: a, image: 'nginx:1.27' });
    const b = new DockerHost(stack, 'host-b', { endpoint: 'ssh://deploy@10.0.0.2:2222' });
    new Service(stack, 'db', { host: b, image: 'mongo:7.0' });
    const { config } = synth(stack);
    expect(config.provider?.docker).toEqual([
      { alias: 'host-a', host: 'ssh://deploy@10.0.0.1', ssh_opts: ['-o', 'StrictHostKeyChecking=yes'] },
      { alias: 'host-b', host: 'ssh://deploy@10.0.0.2:2222' },
    ]);
    expect(resourceNamed(config, 'docker_container', 'web').body.provider).toBe('docker.host-a');
    expect(resourceNamed(config, 'docker_container', 'db').body.provider).toBe('docker.host-b');
    expect(resourceNamed(config, 'docker_image', 'mongo:7.0').body.provider).toBe('docker.host-b');
  });

  it('makes the link network only when a service on the host links, named after the host unless told', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const quiet = new DockerHost(stack, 'quiet');
    new Service(stack, 'alone', { host: quiet, image: 'nginx:1.27' });
    const busy = new DockerHost(stack, 'busy', { linkNetworkName: 'app_links' });
    const db = new Service(stack, 'db', { host: busy, image: 'mongo:7.0' });
    new Service(stack, 'app', { host: busy, image: 'nginx:1.27' }).link(db);
    const { config } = synth(stack);
    expect(Object.values(config.resource.docker_network!).map((n) => [n.name, n.provider])).toEqual([['app_links', 'docker.busy']]);
  });

  it('reports bad SSH access settings on the host', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new DockerHost(stack, 'h1', { access: HostAccess.ssh({ host: 'bad host', user: 'r;m', port: 70000 }) });
    const errors = synthErrors(stack);
    expect(errors).toContain('[s/h1] host access: SSH host "bad host" is not a host name or IP address');
    expect(errors).toContain('[s/h1] host access: SSH user "r;m" is not a valid user name');
    expect(errors).toContain('[s/h1] host access: SSH port 70000 is outside 1–65535');
  });

  it('derives SSH access from an ssh:// endpoint, IPv6 included', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const host = new DockerHost(stack, 'h1', { endpoint: 'ssh://ops@[fd00::7]:2200' });
    expect(host.access.kind).toBe('ssh');
    expect(host.access.inputValues()).toEqual({ ssh_host: 'fd00::7', ssh_user: 'ops', ssh_port: 2200 });
    expect(HostAccess.ssh({ host: 'fd00::7' }).problems()).toEqual([]);
  });
});
