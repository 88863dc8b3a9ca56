import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { execa } from 'execa';
import { TerraformStack, Testing } from '../../lib/constructs/cdktf.js';
import {
  AddressMode,
  Connectivity,
  ContainerPort,
  DockerHost,
  EncompassStack,
  FabricEngine,
  HostAccess,
  OverlayFabric,
  Service,
  StaticNetwork,
  type DockerHostProps,
  type OvnEngineOptions,
} from '../../lib/index.js';
import { terraformIn } from '../../lab/terraform.js';

/**
 * Every user string that can reach a script or Terraform JSON, fed hostile
 * values (shell and Terraform template syntax aimed at a canary file and a
 * secret file, quotes, NUL and control characters, Unicode, near-valid names).
 * Each generated case is either rejected at synth — with the construct path in
 * the message — or accepted, and then:
 *
 * - real Terraform evaluates every string of its Terraform JSON (one apply of a
 *   `terraform_data` holding them all) without error, reading no file and
 *   keeping the user's text verbatim (up to Unicode NFC, which Terraform
 *   applies to every string): Terraform evaluates no user text;
 * - its generated scripts run for real the way the provisioners run them
 *   (local-exec with the lab namespace's interpreter and environment, or the
 *   remote-exec text under `sh`), inside a network namespace made for this test
 *   with only a loopback interface, and no canary file appears.
 *
 * Needs root (network namespaces) and Terraform; fails saying so otherwise.
 */

const RUNS = Number(process.env.CDN_PROPERTY_RUNS ?? 10_000);
const work = mkdtempSync(join(tmpdir(), 'cdn-hostile-'));
const CANARY = join(work, 'canary');
/** The hosts' state directory: the agents' ledgers and watchers stay inside this test's directory. */
const STATE = join(work, 'state');
/** How many hosts' agents run whole (see the scripts test). */
const AGENT_SAMPLE = 24;
/** How many OVN control planes run whole: each starts three daemons, and their values are few (a logical switch name). */
const CENTRAL_SAMPLE = 4;
const SECRET_FILE = join(work, 'secret');
const SECRET = `cdn-secret-${process.pid}-${Date.now()}`;
const NAMESPACE = `cdnhostile${process.pid % 100000}`;

/** Pieces of attacks and of almost-valid values, combined by the generators. */
const FRAGMENTS = [
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `'; touch ${CANARY}; '`,
  `"; touch ${CANARY}; "`,
  `\ntouch ${CANARY}\n`,
  `|touch ${CANARY}`,
  `&& touch ${CANARY}`,
  `>${CANARY}`,
  `\${file("${SECRET_FILE}")}`,
  `\${path.cwd}`,
  `\${var.x}`,
  '%{ if true }yes%{ else }no%{ endif }',
  '${', '%{', '$${', '%%{', '}', '$', '%', '"', "'", '\\', '`', ';', '\n', '\r', '\t', ' ', '\0', '-', '--', '../', '*', '?', '~',
  '\u202e', 'é', '中', '😀',
  'eth1', 'br0', 'docker0', 'db', 'h1', '10.42.0.9', '10.42.0.0/24', '192.168.0.11/24', '02:42:0a:2a:00:0a', 'unix:///run/x.sock', 'ssh://root@10.0.0.5', 'busybox:1.36',
] as const;

const hostile = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
  fc.constantFrom(...FRAGMENTS),
);

const lab = (environment: Record<string, string> = {}) =>
  HostAccess.labNamespace({ namespace: NAMESPACE, environment: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', OVS_RUNDIR: join(work, 'no-ovs'), ...environment } });

/** A stack with one host "h1"; `hostProps` and `build` put the value where the slot says. */
function stackWith(hostProps: DockerHostProps, build: (stack: TerraformStack, host: DockerHost) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 's');
  build(stack, new DockerHost(stack, 'h1', { stateDirectory: STATE, ...hostProps }));
  return stack;
}
/** A provisioner-mode attachment for a service on a lab host; `change` puts the value in. */
function attachment(value: string, change: (value: string) => { service?: object; network?: object; options?: object; host?: DockerHostProps }): TerraformStack {
  const parts = change(value);
  return stackWith({ manageContainers: false, access: lab(), ...parts.host }, (stack, host) => {
    const db = new Service(stack, 'db', { host, image: 'busybox:1.36', ...(parts.service as object) });
    new StaticNetwork(stack, 'net', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24', ...(parts.network as object) }).assign(db, parts.options as never);
  });
}

/** A two-host fabric on lab hosts; `change` puts the value in. */
function fabric(value: string, change: (value: string) => { fabric?: object; host?: object }): TerraformStack {
  const parts = change(value);
  const stack = new TerraformStack(Testing.app(), 's');
  const f = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16', datapath: 'netdev', ...(parts.fabric as object) });
  ['h1', 'h2'].forEach((name, i) => {
    const host = new DockerHost(stack, name, { manageContainers: false, access: lab(), stateDirectory: STATE });
    f.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24`, ...(i === 0 ? (parts.host as object) : {}) });
  });
  return stack;
}

/** A two-host OVN fabric on lab hosts (central on h1 unless `externalCentral` is set) with a service on h2; `change` puts the value in. */
function ovnFabric(value: string, change: (value: string) => Partial<OvnEngineOptions>): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 's');
  const hosts = ['h1', 'h2'].map((name) => new DockerHost(stack, name, { manageContainers: false, access: lab(), stateDirectory: STATE }));
  const options = change(value);
  const f = new OverlayFabric(stack, 'fab', { subnet: '10.50.0.0/16', datapath: 'netdev', engine: FabricEngine.ovn({ ...(options.externalCentral ? {} : { central: hosts[0]! }), ...options }) });
  hosts.forEach((host, i) => f.addHost(host, { underlayAddress: `192.168.0.${11 + i}/24` }));
  f.assign(new Service(stack, 'db', { host: hosts[1]!, image: 'busybox:1.36' }));
  return stack;
}

/** Which daemons a script starts, so that it runs whole and alone: a host's agent (its watcher) or an OVN control plane. */
const daemonsOf = (agent: boolean, central: boolean): { daemons?: 'agent' | 'ovn-central' } => (agent ? { daemons: 'agent' } : central ? { daemons: 'ovn-central' } : {});

interface Slot {
  readonly name: string;
  readonly build: (value: string) => TerraformStack;
  /** True when an accepted value must appear unchanged in some string Terraform evaluates. */
  readonly verbatim: boolean;
  /** Values the slot accepts, so every slot's accepted values reach the checks below. @default any hostile value */
  readonly valid?: fc.Arbitrary<string>;
}

const matching = (pattern: RegExp) => fc.stringMatching(pattern);
const octet = (min = 0, max = 255) => fc.integer({ min, max });
const VALID = {
  anyText: fc.string({ maxLength: 24 }),
  envKey: matching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/),
  containerName: matching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,20}$/),
  image: fc.constantFrom('busybox:1.36', 'registry.example.com:5000/team/app:1.2', `mongo@sha256:${'ab'.repeat(32)}`, 'library/nginx'),
  hostname: matching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]{1,6}){0,2}$/),
  ip: fc.oneof(fc.ipV4(), fc.ipV6()),
  alias: matching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,10}$/),
  endpoint: fc.oneof(matching(/^unix:\/\/\/[a-z0-9_./-]{1,20}$/), fc.tuple(matching(/^[a-z_][a-z0-9_]{0,8}$/), fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([u, h, p]) => `ssh://${u}@${h}:${p}`)),
  hostName: matching(/^[a-z][a-z0-9-]{0,20}$/),
  subnet24: octet(1, 254).map((n) => `10.${n}.0.0/24`),
  gateway: octet(1, 254).map((n) => `10.42.0.${n}`),
  address: octet(2, 254).map((n) => `10.42.0.${n}`),
  mac: fc.array(octet(), { minLength: 5, maxLength: 5 }).map((bytes) => ['02', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':')),
  interface: matching(/^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}$/).filter((n) => !['eth0', 'lo', '.', '..'].includes(n)),
  sshUser: matching(/^[a-z_][a-z0-9_.-]{0,15}$/),
  namespace: matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/),
  subnet16: octet(1, 254).filter((n) => n !== 168).map((n) => `10.${n}.0.0/16`),
  underlay: fc.tuple(octet(0, 255), octet(1, 254)).map(([a, b]) => `172.16.${a}.${b}/24`),
  prefix: matching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,8}$/),
};

const SLOTS: Slot[] = [
  { name: 'environment value', verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: 'busybox:1.36', environment: { VALUE: v } })) },
  { name: 'environment key', valid: VALID.envKey, verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: 'busybox:1.36', environment: { [v]: 'x' } })) },
  { name: 'addEnvironment value', verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: 'busybox:1.36' }).addEnvironment('VALUE', v)) },
  { name: "link target's environment value (via _ENV_ and linkVariable)", verbatim: true, build: (v) => stackWith({}, (stack, host) => {
    const db = new Service(stack, 'db', { host, image: 'busybox:1.36', environment: { SECRET: v } });
    const web = new Service(stack, 'web', { host, image: 'busybox:1.36', links: [{ target: db, alias: 'db' }] });
    web.addEnvironment('COPY', web.linkVariable('db', 'DB_ENV_SECRET'));
  }) },
  { name: 'container name', valid: VALID.containerName, verbatim: true, build: (v) => attachment(v, (value) => ({ service: { name: value } })) },
  { name: 'image', valid: VALID.image, verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: v })) },
  { name: 'extra host name', valid: VALID.hostname, verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: 'busybox:1.36' }).addExtraHost(v, '10.0.0.5')) },
  { name: 'extra host address', valid: VALID.ip, verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: 'busybox:1.36' }).addExtraHost('db', v)) },
  { name: 'link alias', valid: VALID.alias, verbatim: true, build: (v) => stackWith({}, (stack, host) => new Service(stack, 'web', { host, image: 'busybox:1.36' }).link(new Service(stack, 'db', { host, image: 'busybox:1.36' }), { alias: v })) },
  { name: 'published host IP', valid: VALID.ip, verbatim: true, build: (v) => stackWith({}, (_, host) => new Service(host.node.scope!, 'web', { host, image: 'busybox:1.36' }).publish(ContainerPort.tcp(80), { hostIp: v })) },
  { name: 'Docker endpoint', valid: VALID.endpoint, verbatim: true, build: (v) => stackWith({ endpoint: v }, () => {}) },
  { name: 'ssh option', verbatim: true, build: (v) => stackWith({ endpoint: 'ssh://root@10.0.0.5', sshOptions: ['-o', v] }, () => {}) },
  { name: 'link network name', valid: VALID.containerName, verbatim: true, build: (v) => stackWith({ linkNetworkName: v }, (stack, host) => new Service(stack, 'web', { host, image: 'busybox:1.36' }).link(new Service(stack, 'db', { host, image: 'busybox:1.36' }))) },
  { name: 'host name', valid: VALID.hostName, verbatim: false, build: (v) => stackWith({ name: v, manageContainers: false, access: lab() }, (stack, host) => new StaticNetwork(stack, 'net', { host, mode: AddressMode.PROVISIONER, subnet: '10.42.0.0/24' }).assign(new Service(stack, 'db', { host, image: 'busybox:1.36' }))) },
  { name: 'static subnet', valid: VALID.subnet24, verbatim: false, build: (v) => attachment(v, (value) => ({ network: { subnet: value } })) },
  { name: 'static gateway', valid: VALID.gateway, verbatim: false, build: (v) => attachment(v, (value) => ({ network: { gateway: value, defaultRoute: true } })) },
  { name: 'static address', valid: VALID.address, verbatim: true, build: (v) => attachment(v, (value) => ({ options: { address: value } })) },
  { name: 'MAC address', valid: VALID.mac, verbatim: true, build: (v) => attachment(v, (value) => ({ options: { mac: value } })) },
  { name: 'bridge name', valid: VALID.interface, verbatim: true, build: (v) => attachment(v, (value) => ({ network: { bridge: { kind: 'ovs', name: value } } })) },
  { name: 'container interface name', valid: VALID.interface, verbatim: true, build: (v) => attachment(v, (value) => ({ network: { interfaceName: value } })) },
  { name: 'native network name', valid: VALID.containerName, verbatim: true, build: (v) => stackWith({}, (stack, host) => new StaticNetwork(stack, 'net', { host, mode: AddressMode.NATIVE, subnet: '10.42.0.0/24', networkName: v }).assign(new Service(stack, 'db', { host, image: 'busybox:1.36' }))) },
  { name: 'SSH host', valid: fc.oneof(VALID.hostname, fc.ipV4()), verbatim: true, build: (v) => attachment(v, (value) => ({ host: { access: HostAccess.ssh({ host: value }) } })) },
  { name: 'SSH user', valid: VALID.sshUser, verbatim: true, build: (v) => attachment(v, (value) => ({ host: { access: HostAccess.ssh({ host: '127.0.0.1', user: value }) } })) },
  { name: 'lab namespace', valid: VALID.namespace, verbatim: true, build: (v) => attachment(v, (value) => ({ host: { access: HostAccess.labNamespace({ namespace: value }) } })) },
  { name: 'lab environment value', verbatim: true, build: (v) => attachment(v, (value) => ({ host: { access: lab({ DOCKER_CONFIG: value }) } })) },
  { name: 'fabric name', valid: VALID.containerName, verbatim: true, build: (v) => fabric(v, (value) => ({ fabric: { name: value } })) },
  { name: 'fabric subnet', valid: VALID.subnet16, verbatim: false, build: (v) => fabric(v, (value) => ({ fabric: { subnet: value } })) },
  { name: 'underlay address', valid: VALID.underlay, verbatim: true, build: (v) => fabric(v, (value) => ({ host: { underlayAddress: value } })) },
  { name: 'underlay interface', valid: VALID.interface, verbatim: true, build: (v) => fabric(v, (value) => ({ host: { underlayInterface: value } })) },
  { name: 'OVS bridge', valid: VALID.interface, verbatim: true, build: (v) => fabric(v, (value) => ({ fabric: { engine: FabricEngine.mesh({ ovsBridge: value }) } })) },
  { name: 'OVN logical switch', valid: VALID.containerName, verbatim: true, build: (v) => ovnFabric(v, (value) => ({ logicalSwitch: value })) },
  { name: 'OVN integration bridge', valid: VALID.interface, verbatim: true, build: (v) => ovnFabric(v, (value) => ({ integrationBridge: value })) },
  { name: 'OVN interface name', valid: VALID.interface, verbatim: true, build: (v) => ovnFabric(v, (value) => ({ interfaceName: value })) },
  { name: 'OVN external central', valid: VALID.ip, verbatim: true, build: (v) => ovnFabric(v, (value) => ({ externalCentral: [value] })) },
  { name: 'physical bridge', valid: VALID.interface, verbatim: true, build: (v) => fabric(v, (value) => ({ fabric: { physicalBridge: value } })) },
  { name: 'Docker bridge of a fabric', valid: VALID.interface, verbatim: true, build: (v) => fabric(v, (value) => ({ fabric: { dockerBridge: value } })) },
  { name: 'name prefix', valid: VALID.prefix, verbatim: true, build: (v) => stackWith({}, (stack, host) => new EncompassStack(stack, 'app', { host, connectivity: Connectivity.LINKS, namePrefix: v })) },
  { name: 'host alias', valid: VALID.hostname, verbatim: true, build: (v) => stackWith({}, (stack, host) => new EncompassStack(stack, 'app', { host, connectivity: Connectivity.PORT_MAPPING, hostAlias: v })) },
];

/** A case that passed synth: what Terraform and the provisioners will get. */
interface Accepted {
  readonly slot: Slot;
  readonly value: string;
  readonly config: { provider?: Record<string, unknown[]>; resource: Record<string, Record<string, Record<string, any>>> };
}

const accepted: Accepted[] = [];

/**
 * The address expression the library writes for a link target (a reference to
 * a container, which only exists with the Docker provider). The network name in
 * it must be a valid Docker network name: any other text there fails to match,
 * stays in the string, and Terraform's evaluation shows it.
 */
const LINK_ADDRESS = /\$\{one\(\[ for key, val in toset\(docker_container\.[\w-]+\.network_data\): val\.ip_address if val\.network_name == "[a-zA-Z0-9][a-zA-Z0-9_.-]+"\]\)\}/g;

/** A string of the synthesized JSON as evaluated below: the library's link-address references replaced. */
const templateOf = (value: string) => value.replace(LINK_ADDRESS, () => '${"ADDRESS"}');

/**
 * The strings of a synthesized stack Terraform evaluates as templates, with the
 * library's own references to Docker resources (unknown without the provider)
 * replaced by an interpolation of a plain word.
 */
function evaluatedStrings(config: Accepted['config']): string[] {
  const strings: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      // Our own references: self.input in provisioners, a container's image and networks, depends_on.
      if (/^\$\{self\.input\.[\w.]+\}$/.test(value) || key === 'depends_on' || /^\$\{docker_\w+\.[\w-]+\.\w+\}$/.test(value)) return;
      strings.push(templateOf(value));
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (k !== '//' && k !== 'provider' && k !== 'alias') walk(v, k);
    }
  };
  walk(config.resource ?? {}, '');
  walk(config.provider ?? {}, '');
  return strings;
}

describe('hostile strings: rejected at synth, or evaluated by neither Terraform nor a shell', () => {
  beforeAll(async () => {
    writeFileSync(SECRET_FILE, SECRET);
    const missing: string[] = [];
    if (process.getuid?.() !== 0) missing.push('root (the scripts run in a network namespace made for this test)');
    for (const [command, pkg] of [['ip', 'iproute2'], ['nsenter', 'util-linux'], ['terraform', 'Terraform >= 1.4']] as const) {
      if ((await execa('sh', ['-c', 'command -v "$1"', 'sh', command], { reject: false })).exitCode !== 0) missing.push(`${command} (${pkg})`);
    }
    if (missing.length) throw new Error(`This test cannot run here. Missing:\n  - ${missing.join('\n  - ')}`);
    await execa('ip', ['netns', 'del', NAMESPACE], { reject: false });
    await execa('ip', ['netns', 'add', NAMESPACE]);
  });

  afterAll(async () => {
    // A watcher left by a failed run stops with the test, whatever happened.
    for (const pid of processesRunning(STATE)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // not a group leader, or gone
      }
    }
    await execa('ip', ['netns', 'del', NAMESPACE], { reject: false });
    rmSync(work, { recursive: true, force: true });
  });

  it(`rejects each of ${RUNS} generated cases at synth with its construct path, or keeps it for the checks below`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SLOTS).chain((slot) => fc.tuple(fc.constant(slot), fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: slot.valid ?? VALID.anyText }))), ([slot, value]) => {
        let json: string;
        try {
          json = Testing.synth(slot.build(value), true);
        } catch (error) {
          const message = (error as Error).message;
          // A clear rejection names a construct path in brackets; anything else (a TypeError, a raw constructs error) is a defect.
          expect(message).toMatch(/^(Invalid input|Validation failed) with the following errors:\n {2}\[s(\/[^\]]+)?\] /);
          expect(message).not.toContain(SECRET);
          return;
        }
        accepted.push({ slot, value, config: JSON.parse(json) });
      }),
      { numRuns: RUNS },
    );
    // Every slot let something through, so the checks below see every kind of value.
    expect(new Set(accepted.map((a) => a.slot.name)).size).toBe(SLOTS.length);
  }, 600_000);

  it('Terraform evaluates every accepted string without error, reads no file, and keeps the user text verbatim', async () => {
    const strings = [...new Set(accepted.flatMap((a) => evaluatedStrings(a.config)))];
    const dir = join(work, 'evaluate');
    mkdirSync(dir);
    const input = Object.fromEntries(strings.map((s, i) => [`s${i}`, s]));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { evaluated: { input } } } }));
    await terraformIn(dir, ['init', '-input=false']);
    const apply = await terraformIn(dir, ['apply', '-auto-approve', '-input=false'], false);
    expect({ exitCode: apply.exitCode, stderr: apply.exitCode === 0 ? '' : apply.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const state = JSON.parse((await terraformIn(dir, ['show', '-json'])).stdout);
    const evaluated: Record<string, string> = state.values.root_module.resources[0].values.input;
    const byString = new Map(strings.map((s, i) => [s, evaluated[`s${i}`]!]));

    expect([...byString.values()].filter((v) => v.includes(SECRET))).toEqual([]);
    const lost = accepted
      .filter((a) => a.slot.verbatim)
      // Terraform normalizes every string to Unicode NFC; nothing else may change.
      .filter((a) => !evaluatedStrings(a.config).some((s) => byString.get(s)!.includes(a.value.normalize('NFC'))))
      .map((a) => `${a.slot.name}: ${JSON.stringify(a.value)}`);
    expect(lost).toEqual([]);
    evaluateWith = (s) => byString.get(templateOf(s)) ?? s;
  }, 300_000);

  it('the generated scripts of every accepted case run as the provisioners run them, in a throwaway namespace, and touch no canary', async () => {
    const runs: Array<{ command: string; args: string[]; env: Record<string, string>; when: string; daemons?: 'agent' | 'ovn-central'; resource: number }> = [];
    let resource = 0;
    const seen = new Set<string>();
    for (const { config } of accepted) {
      for (const body of Object.values(config.resource?.terraform_data ?? {})) {
        resource++;
        for (const provisioner of body.provisioner ?? []) {
          const [type, settings] = Object.entries(provisioner)[0] as [string, Record<string, any>];
          const scriptOf = (reference: string) => evaluateWith(String(body.input[/self\.input\.(\w+)/.exec(reference)![1]!]));
          if (type === 'local-exec') {
            // As Terraform's local-exec: the interpreter with the command, the environment evaluated against self.
            const env = Object.fromEntries(
              Object.entries(settings.environment as Record<string, string>).map(([k, v]) => {
                const fromInput = /^\$\{self\.input\.variables\.(\w+)\}$/.exec(v);
                if (fromInput) return [k, evaluateWith(body.input.variables[fromInput[1]!])];
                if (/^\$\{self\.input\.\w+\}$/.test(v)) return [k, scriptOf(v)];
                return [k, evaluateWith(v)];
              }),
            );
            // Every lab interpreter enters a namespace; whatever name the case gave, run it in the one made for this test.
            const interpreter = (settings.interpreter as string[]).map(evaluateWith).map((arg) => (arg.startsWith('--net=') ? `--net=/run/netns/${NAMESPACE}` : arg));
            const [command, ...args] = [...interpreter, settings.command as string];
            runs.push({ command: command!, args, env, when: settings.when ?? 'create', ...daemonsOf('CDN_LEDGER' in env, 'CDN_OVN_CENTRAL' in env), resource });
          } else {
            // As Terraform's remote-exec: the inline text run by a POSIX shell on the host (here: in the throwaway namespace).
            const script = scriptOf(settings.inline[0]);
            runs.push({ command: 'nsenter', args: [`--net=/run/netns/${NAMESPACE}`, 'sh', '-c', script], env: {}, when: settings.when ?? 'create', ...daemonsOf(script.includes('CDN_LEDGER='), script.includes('CDN_OVN_CENTRAL=')), resource });
          }
        }
      }
    }
    // The same script with the same values runs once (the resource number aside).
    const unique = runs.filter(({ resource: _resource, ...r }) => !seen.has(JSON.stringify(r)) && seen.add(JSON.stringify(r)));
    expect(unique.length).toBeGreaterThan(0);
    // Local-exec interpreters enter a lab namespace; only the one made for this test exists.
    const run = ({ command, args, env }: (typeof unique)[number]) =>
      execa(command, args, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...env }, extendEnv: false, reject: false, timeout: 60_000, cwd: work });
    for (const when of ['create', 'destroy']) {
      const scripts = unique.filter((r) => r.when === when && !r.daemons);
      for (let i = 0; i < scripts.length; i += 8) await Promise.all(scripts.slice(i, i + 8).map(run));
    }
    // The hosts' agents and OVN control planes start daemons (a watcher; database servers and
    // ovn-northd) that their teardown stops, so each runs whole, create then destroy, one at a time
    // (every case's control plane has the same name and state directory, as on one host). They take
    // the same values as the scripts above, through the same quoting; an evenly spread sample
    // (AGENT_SAMPLE agents, CENTRAL_SAMPLE control planes) keeps this step to seconds.
    for (const kind of ['agent', 'ovn-central'] as const) {
      const creates = unique.filter((r) => r.daemons === kind && r.when === 'create');
      expect(creates.length).toBeGreaterThan(0);
      const sample = kind === 'agent' ? AGENT_SAMPLE : CENTRAL_SAMPLE;
      const step = Math.max(1, Math.floor(creates.length / sample));
      for (const create of creates.filter((_, i) => i % step === 0).slice(0, sample)) {
        await run(create);
        const destroy = unique.find((r) => r.daemons === kind && r.when === 'destroy' && r.resource === create.resource);
        expect(destroy).toBeDefined();
        await run(destroy!);
      }
    }
    // Each teardown stopped its daemons: none is left running.
    expect(processesRunning(STATE)).toEqual([]);
    expect(existsSync(CANARY)).toBe(false);
    expect(readFileSync(SECRET_FILE, 'utf8')).toBe(SECRET);
  }, 600_000);
});

/** Pids of processes whose command line names `path` (a watcher started from it). */
function processesRunning(path: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Terraform's value of a string of the synthesized JSON (filled by the evaluation step). */
let evaluateWith: (s: string) => string = (s) => s;
