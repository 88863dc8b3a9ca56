import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, ContainerPort, DockerHost, HostAccess, Service, StaticNetwork, type DockerHostProps } from '../../lib/index.js';
import { terraformIn } from '../../lab/terraform.js';

/**
 * Real Terraform reads the provisioner configuration of every kind of host
 * access. Only stacks without Docker resources: the provider plugin cannot be
 * downloaded here, and terraform_data needs none.
 */
describe('terraform validate accepts the static-address attachments', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdn-validate-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each<[string, DockerHostProps]>([
    ['local', { access: HostAccess.local() }],
    ['lab-namespace', { access: HostAccess.labNamespace({ namespace: 'lab-h1', environment: { DOCKER_HOST: 'unix:///tmp/d.sock' } }) }],
    ['ssh-agent', { endpoint: 'ssh://deploy@10.0.0.7:2222' }],
    ['ssh-variable-sudo', { access: HostAccess.ssh({ host: 'staging.example.com', user: 'ops', privateKey: 'variable', sudo: true }) }],
  ])('%s', async (name, hostProps) => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, name);
    const host = new DockerHost(stack, 'h1', { ...hostProps, manageContainers: false });
    const db = new Service(stack, 'db', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
    new StaticNetwork(stack, 'net', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24', defaultRoute: true }).assign(db);
    app.synth();
    const dir = join(outdir, 'stacks', name);
    await terraformIn(dir, ['init', '-input=false', '-backend=false']);
    const result = await terraformIn(dir, ['validate', '-json'], false);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, error_count: 0 });
  }, 120_000);
});
