import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab, type LabHost } from '../../lab/lab.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import { isDockerStandIn } from '../../lab/docker-stand-ins.js';
import { planExitCode, stateResources, terraformIn, type TerraformRunOptions } from '../../lab/terraform.js';
import { App, TerraformStack } from '../../lib/constructs/cdktf.js';
import { AddressMode, DockerHost, HostAccess, Service, StaticNetwork } from '../../lib/index.js';

/**
 * The SSH way in, for real: sshd runs in a lab host's namespace on its underlay
 * address, Terraform runs in another namespace on the same underlay (the
 * "operator's machine"), and remote-exec carries the static-address scripts
 * with their values as quoted assignments, the key from a sensitive variable.
 * Terraform creates the containers too, through stand-ins that run the docker
 * CLI against h1's dockerd, whose UNIX socket is reachable from any namespace.
 */
const PREFIX = 'cdnssh';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;

describe('static addresses over SSH (lab, root)', () => {
  let lab: Lab;
  let target: LabHost;
  let outdir: string;
  let stackDir: string;
  let network: StaticNetwork;
  let services: Service[];
  let terraform: TerraformRunOptions;

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({
      prefix: PREFIX,
      hosts: [
        { name: 'ops', dockerBridge: { address: '10.42.9.1/24' }, underlayAddress: '192.168.78.10/24', docker: false },
        { name: 'h1', dockerBridge: { address: '10.42.1.1/24', fixedCidr: '10.42.1.0/25' }, underlayAddress: '192.168.78.11/24', sshd: true },
      ],
    });
    target = lab.host('h1');
    await lab.importImage(IMAGE);
    outdir = mkdtempSync(join(tmpdir(), 'cdn-lab-ssh-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'lab-ssh');
    const host = new DockerHost(stack, 'h1', {
      endpoint: target.dockerHost,
      // Lab hosts share one filesystem: each keeps the library's state in its own directory.
      stateDirectory: target.stateDirectory,
      access: HostAccess.ssh({ host: '192.168.78.11', user: 'root', privateKey: 'variable' }),
    });
    services = ['MongoDB', 'Tomcat'].map((name) => new Service(stack, name, { host, image: 'busybox:1.36' }));
    network = new StaticNetwork(stack, 'pipework', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.1.0/24', gateway: '10.42.1.1', dynamicRange: '10.42.1.0/25' });
    for (const service of services) network.assign(service);
    app.synth();
    stackDir = join(outdir, 'stacks', 'lab-ssh');
    writeLabDeployableConfig(stackDir, { image: IMAGE });
    terraform = {
      namespace: lab.host('ops').namespace,
      env: { TF_VAR_h1_ssh_private_key: readFileSync(target.sshPrivateKeyFile!, 'utf8') },
    };
    await terraformIn(stackDir, ['init', '-input=false'], true, terraform);
  }, LONG);

  afterAll(async () => {
    if (stackDir) await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], false, terraform);
    await lab?.destroy();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  }, LONG);

  it('apply over SSH gives each container its planned address', async () => {
    const apply = await terraformIn(stackDir, ['apply', '-auto-approve', '-input=false'], false, terraform);
    expect({ exitCode: apply.exitCode, errors: apply.stderr.includes('Error') ? apply.stderr : '' }).toEqual({ exitCode: 0, errors: '' });
    expect(apply.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toContain('(remote-exec): Connected!');
    const [mongo, tomcat] = services.map((s) => network.plannedAddress(s)!);
    expect([mongo, tomcat]).toEqual(['10.42.1.128', '10.42.1.129']);
    expect((await target.docker(['exec', 'MongoDB', 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth1'])).stdout).toContain(`inet ${mongo}/24`);
    expect((await target.docker(['exec', 'Tomcat', 'ping', '-c', '1', '-W', '2', mongo!], { reject: false })).exitCode).toBe(0);
    expect(await planExitCode(stackDir, terraform)).toBe(0);
  }, LONG);

  it('destroy over SSH removes every veth and namespace link', async () => {
    // The attachments first, so the containers are still there to show their interfaces are gone.
    // Destroying them destroys the host's agent too, which depends on them: its watcher stops first.
    const attachments = (await stateResources(stackDir)).filter((r) => r.type === 'terraform_data' && !isDockerStandIn(r.name) && !/_agent_reconcile_/.test(r.name));
    expect(attachments).toHaveLength(2);
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false', ...attachments.map((r) => `-target=${r.address}`)], true, terraform);
    const links = (await target.run('ip', ['-o', 'link', 'show'])).stdout.split('\n').filter((l) => /: cd[np][0-9a-f]{10}[@:]/.test(l));
    expect(links).toEqual([]);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith('cdn-'))).toEqual([]);
    expect((await target.docker(['exec', 'MongoDB', 'ip', 'link'])).stdout).not.toContain('eth1');
    // A container already gone is no error for its stand-in's destroy, as for the provider's.
    await target.docker(['rm', '--force', 'Tomcat']);
    await terraformIn(stackDir, ['destroy', '-auto-approve', '-input=false'], true, terraform);
    expect((await target.docker(['ps', '-a', '--format', '{{.Names}}'])).stdout).toBe('');
  }, LONG);
});
