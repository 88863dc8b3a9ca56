import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCommands, type DockerCommands } from '../../lab/docker-cli-commands.js';
import { labDeployableConfig, SYNTHESIZED_CONFIG_FILE, writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';
import { replaceDockerResources, standInAddress, type DockerResource, type TerraformJson } from '../../lab/docker-stand-ins.js';
import { terraformIn } from '../../lab/terraform.js';
import { App, TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import { AddressMode, ContainerPort, DockerHost, Service, StaticNetwork } from '../../lib/index.js';
import { ProdEnvironment } from '../../stacks/prod-environment.js';
import { resourceNamed, synth } from '../support/synth.js';

/**
 * The lab deploys the synthesized JSON by translating each Docker resource to
 * the docker CLI commands the provider would run. Only the image differs: every
 * container runs the lab's imported image (there is no registry), which the
 * image's stand-in checks for.
 */
const IMAGE = 'lab/busybox:1';
const SOCKET = 'unix:///tmp/cdn-lab/unit/h1/docker.sock';

/** Each Docker resource of `config` as its stand-in is made from it (references already rewritten). */
function dockerResources(config: TerraformJson): Map<string, DockerResource> {
  const found = new Map<string, DockerResource>();
  replaceDockerResources(config, {
    computedAttribute: (reference) => `${standInAddress(reference.type, reference.id)}.id`,
    standIn: (resource) => {
      found.set(`${resource.type}.${resource.id}`, resource);
      return {};
    },
  });
  return found;
}

function commandsOf(config: TerraformJson, type: string, name: string): DockerCommands {
  const { id } = resourceNamed(config as never, type, name);
  return dockerCommands(dockerResources(config).get(`${type}.${id}`)!, IMAGE);
}

/** One host; `db` has env, published ports, extra hosts, restart, two addressed networks and, as a link target, aliases. */
function linkedApp() {
  const stack = new TerraformStack(Testing.app(), 'translation');
  const host = new DockerHost(stack, 'h1', { endpoint: SOCKET });
  const front = new StaticNetwork(stack, 'front', { host, mode: AddressMode.NATIVE, subnet: '10.60.1.0/24', dynamicRange: '10.60.1.128/25' });
  const back = new StaticNetwork(stack, 'back', { host, mode: AddressMode.NATIVE, subnet: '10.60.2.0/24' });
  const db = new Service(stack, 'db', { host, image: 'mongo:7.0', environment: { MONGO_INITDB_DATABASE: 'shop', NOTE: "it's $HOME" } });
  db.publish(ContainerPort.tcp(27017), { hostIp: '127.0.0.1' });
  db.publish(ContainerPort.udp(5353), { hostPort: 15353 });
  db.addExtraHost('backup', '10.60.9.9');
  db.container!.restart = 'unless-stopped';
  front.assign(db, { address: '10.60.1.20' });
  back.assign(db, { address: '10.60.2.20' });
  new Service(stack, 'web', { host, image: 'nginx:1.27', links: [{ target: db, alias: 'database' }] });
  return synth(stack).config as TerraformJson;
}

describe('the docker CLI commands a Docker resource deploys as', () => {
  it('a container: created with its env, ports, extra hosts and restart policy, moved to its networks with addresses and aliases, started', () => {
    const config = linkedApp();
    const network = (name: string) => `\${terraform_data.docker_network__${resourceNamed(config as never, 'docker_network', name).id}.input.arguments.name}`;
    const { create, destroy } = commandsOf(config, 'docker_container', 'db');
    expect(create).toEqual([
      {
        argv: [
          'create', '--name', 'db',
          '--env', 'MONGO_INITDB_DATABASE=shop', '--env', "NOTE=it's $HOME",
          '--publish', '127.0.0.1:27017:27017/tcp', '--publish', '0.0.0.0:15353:5353/udp',
          '--add-host', 'backup:10.60.9.9',
          '--restart', 'unless-stopped',
          IMAGE,
        ],
      },
      // As the provider: off the default bridge, onto each network with its address and aliases, then start.
      { argv: ['network', 'disconnect', 'bridge', 'db'], unlessError: 'is not connected to the network bridge' },
      { argv: ['network', 'connect', '--alias', 'database', network('h1-links'), 'db'] },
      { argv: ['network', 'connect', '--ip', '10.60.1.20', network('h1-front'), 'db'] },
      { argv: ['network', 'connect', '--ip', '10.60.2.20', network('h1-back'), 'db'] },
      { argv: ['start', 'db'] },
      { argv: ['container', 'inspect', '--format', '{{.State.Running}}', 'db'], expectOutput: 'true' },
    ]);
    expect(destroy).toEqual([{ argv: ['rm', '--force', '--volumes', '${self.input.arguments.name}'], unlessError: 'No such container' }]);
  });

  it('a container set through the resource itself: hostname, user, labels, entrypoint, command and a stop grace period', () => {
    const stack = new TerraformStack(Testing.app(), 'settings');
    const db = new Service(stack, 'db', { host: new DockerHost(stack, 'h1', { endpoint: SOCKET }), image: 'mongo:7.0' });
    const container = db.container!;
    container.hostname = 'db.internal';
    container.user = '999:999';
    container.putLabels([{ label: 'tier', value: 'data' }]);
    container.entrypoint = ['/bin/sh'];
    container.command = ['-c', 'exec sleep 1000'];
    container.destroyGraceSeconds = 30;
    const { create, destroy } = commandsOf(synth(stack).config as TerraformJson, 'docker_container', 'db');
    expect(create[0]).toEqual({
      argv: ['create', '--name', 'db', '--hostname', 'db.internal', '--user', '999:999', '--label', 'tier=data', '--restart', 'unless-stopped', '--entrypoint', '/bin/sh', IMAGE, '-c', 'exec sleep 1000'],
    });
    expect(create.map((c) => c.argv[0])).toEqual(['create', 'start', 'container']);
    expect(destroy).toEqual([
      { argv: ['stop', '--timeout', '${self.input.arguments.destroy_grace_seconds}', '${self.input.arguments.name}'], unlessError: 'No such container' },
      { argv: ['rm', '--force', '--volumes', '${self.input.arguments.name}'], unlessError: 'No such container' },
    ]);
  });

  it('a network of the prod fabric: driver, IPAM and the bridge-name and MTU options', () => {
    const { config } = synth(new ProdEnvironment(Testing.app()));
    const [id] = Object.entries(config.resource.docker_network!).find(([, body]) => body.provider === 'docker.host-b')!;
    const bridge = config.resource.docker_network![id]!.options['com.docker.network.bridge.name'];
    const { create, destroy } = dockerCommands(dockerResources(config as TerraformJson).get(`docker_network.${id}`)!, IMAGE);
    expect(create).toEqual([
      {
        argv: [
          'network', 'create', '--driver', 'bridge',
          '--subnet', '10.50.0.0/16', '--gateway', '10.50.1.1', '--ip-range', '10.50.1.0/25',
          '--opt', `com.docker.network.bridge.name=${bridge}`, '--opt', 'com.docker.network.driver.mtu=1500',
          'prod-fabric',
        ],
      },
    ]);
    expect(destroy).toEqual([{ argv: ['network', 'rm', '--force', '${self.input.arguments.name}'] }]);
  });

  it('an image: only a check that the lab image is there, whatever image the JSON names, and nothing to remove', () => {
    expect(commandsOf(linkedApp(), 'docker_image', 'mongo:7.0')).toEqual({
      create: [{ argv: ['image', 'inspect', '--format', '{{.Id}}', IMAGE] }],
      destroy: [],
    });
  });

  it('refuses an argument it has no translation for, naming the resource and the argument', () => {
    const stack = new TerraformStack(Testing.app(), 'untranslatable');
    const host = new DockerHost(stack, 'h1', { endpoint: SOCKET });
    new Service(stack, 'db', { host, image: 'mongo:7.0' }).container!.addOverride('volumes', [{ container_path: '/data', host_path: '/srv/db' }]);
    const config = synth(stack).config as TerraformJson;
    expect(() => labDeployableConfig(config, { image: IMAGE })).toThrow(
      /^cannot deploy docker_container\.db_container_\w+ in the lab: argument volumes: the lab has no docker CLI translation for it/,
    );
  });

  it('refuses a reference to what only the provider knows (a link target\'s address), naming the resource and the argument', () => {
    expect(() => labDeployableConfig(linkedApp(), { image: IMAGE })).toThrow(
      /^cannot deploy docker_container\.web_container_\w+ in the lab: argument env\[0\] refers to docker_container\.db_container_\w+\.network_data, which only the Docker provider knows/,
    );
  });
});

describe('user text in the JSON', () => {
  it('stays literal text for the shell, even where it reads like a reference or an interpolation', () => {
    const stack = new TerraformStack(Testing.app(), 'text');
    const host = new DockerHost(stack, 'h1', { endpoint: SOCKET });
    new Service(stack, 'db', { host, image: 'mongo:7.0', environment: { LOOKS_LIKE: '${docker_container.db.hostname} %{if x}' } });
    const deployable = labDeployableConfig(synth(stack).config as TerraformJson, { image: IMAGE }) as { resource: Record<string, Record<string, any>> };
    const [container] = Object.entries(deployable.resource.terraform_data!).filter(([name]) => name.startsWith('docker_container__'));
    const create = container![1].provisioner[0]['local-exec'];
    // Terraform turns its escapes $${ and %%{ back into ${ and %{ inside the single quotes.
    expect(create.command).toContain(`'--env' 'LOOKS_LIKE=$\${docker_container.db.hostname} %%{if x}'`);
    expect(create.environment).toEqual({ DOCKER_HOST: '${self.input.docker_host}' });
  });
});

describe('the lab-deployable configuration of the prod stack', () => {
  const { config } = synth(new ProdEnvironment(Testing.app()));
  const deployable = labDeployableConfig(config as TerraformJson, { image: IMAGE }) as TerraformJson & { resource: Record<string, Record<string, any>> };
  const standIn = (type: string, name: string, provider?: string) => {
    const [id] = Object.entries(config.resource[type]!).find(([, body]) => body.name === name && (!provider || body.provider === provider))!;
    return deployable.resource.terraform_data![`${type}__${id}`]!;
  };

  it('has no Docker provider or resource left, only stand-ins in their place', () => {
    expect(Object.keys(deployable.resource).sort()).toEqual(['terraform_data']);
    expect(deployable.provider).toBeUndefined();
    expect(deployable.terraform).not.toHaveProperty('required_providers');
    const standIns = Object.keys(deployable.resource.terraform_data!).filter((name) => name.startsWith('docker_'));
    expect(standIns).toHaveLength(9);
  });

  it('runs the commands against the engine of the resource\'s provider block, and keeps the order of the graph', () => {
    const tomcat = standIn('docker_container', 'Tomcat');
    expect(tomcat.input.docker_host).toBe('ssh://root@192.0.2.13');
    expect(tomcat.depends_on).toEqual([expect.stringMatching(/^terraform_data\.fabric_host-c-ready_\w+$/)]);
    expect(tomcat.input.arguments.image).toMatch(/^\$\{terraform_data\.docker_image__encompass_Tomcat_image_\w+\.id\}$/);
    const [create, destroy] = tomcat.provisioner.map((p: Record<string, any>) => p['local-exec']);
    expect({ when: create.when, interpreter: create.interpreter }).toEqual({ when: 'create', interpreter: ['/bin/sh', '-c'] });
    expect(destroy.when).toBe('destroy');
    // Literal words are quoted into the script; an interpolated one travels in the environment.
    expect(create.command).toContain(
      "\ndocker 'create' '--name' 'Tomcat' '--env' 'JAVA_OPTS=-Des.node.hosts=10.50.0.128 -Ddb.encompass.hosts=10.50.1.128:27017 -Ddb.audit.hosts=10.50.1.128:27018' " +
        "'--publish' '0.0.0.0:80:8080/tcp' '--publish' '0.0.0.0:443:8443/tcp' '--restart' 'unless-stopped' 'lab/busybox:1'\n",
    );
    expect(create.command).toContain(`\ndocker 'network' 'connect' '--ip' '10.50.2.128' "$CDN_ARG_1" 'Tomcat'\n`);
    expect(create.environment).toEqual({
      DOCKER_HOST: '${self.input.docker_host}',
      CDN_ARG_1: expect.stringMatching(/^\$\{terraform_data\.docker_network__fabric_host-c-network_\w+\.input\.arguments\.name\}$/),
    });
    expect(destroy.environment).toEqual({ DOCKER_HOST: '${self.input.docker_host}', CDN_ARG_1: '${self.input.arguments.name}' });
    // The fabric bridge on host-c still waits for the Docker network it joins.
    const bridge = Object.entries(deployable.resource.terraform_data!).find(([name]) => name.startsWith('fabric_host-c-bridge_'))![1];
    expect(bridge.depends_on).toEqual([expect.stringMatching(/^terraform_data\.docker_network__fabric_host-c-network_\w+$/)]);
  });

  it('is a configuration Terraform accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdn-stand-ins-'));
    try {
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(deployable));
      await terraformIn(dir, ['init', '-backend=false', '-input=false']);
      expect((await terraformIn(dir, ['validate', '-no-color'], false)).exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('writeLabDeployableConfig', () => {
  it('keeps what cdktf synthesized beside the cdk.tf.json Terraform reads, and translates the kept one when run again', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdn-stand-ins-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'lab');
      new Service(stack, 'db', { host: new DockerHost(stack, 'h1', { endpoint: SOCKET }), image: 'mongo:7.0' });
      app.synth();
      const dir = join(outdir, 'stacks', 'lab');
      const synthesized = readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
      writeLabDeployableConfig(dir, { image: IMAGE });
      const first = readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
      writeLabDeployableConfig(dir, { image: IMAGE });
      expect(JSON.parse(readFileSync(join(dir, SYNTHESIZED_CONFIG_FILE), 'utf8'))).toEqual(JSON.parse(synthesized));
      expect(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')).toBe(first);
      expect(JSON.parse(first).resource).not.toHaveProperty('docker_container');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('a service that left the code: its stand-ins get removed blocks, with a destroy-time provisioner only where there is one', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdn-stand-ins-'));
    try {
      const synthWith = (names: string[]) => {
        const app = new App({ outdir });
        const stack = new TerraformStack(app, 'lab');
        const host = new DockerHost(stack, 'h1', { endpoint: SOCKET });
        for (const name of names) new Service(stack, name, { host, image: 'busybox:1.36' });
        app.synth();
        writeLabDeployableConfig(join(outdir, 'stacks', 'lab'), { image: IMAGE });
      };
      synthWith(['db', 'web']);
      synthWith(['db']);
      const removed = JSON.parse(readFileSync(join(outdir, 'stacks', 'lab', 'cdk.tf.json'), 'utf8')).removed as Array<Record<string, unknown>>;
      const of = (prefix: string) => removed.find((block) => String(block.from).startsWith(`terraform_data.${prefix}`))!;
      expect(removed).toHaveLength(2);
      expect(of('docker_container__web').provisioner).toEqual([{ 'local-exec': expect.objectContaining({ when: 'destroy' }) }]);
      // Terraform rejects `provisioner: []`: the image's stand-in has nothing to run at destroy.
      expect(of('docker_image__web')).toEqual({ from: expect.any(String), lifecycle: { destroy: true } });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
