import type { DockerResource, Json, JsonObject } from './docker-stand-ins.js';

/**
 * The docker CLI commands the Docker provider (kreuzwerker/docker 3.6.2, read
 * from its source) runs for a `docker_network`, `docker_container` or
 * `docker_image`, translated from the resource's own arguments in the JSON.
 *
 * - network: `docker network create` with its driver, IPAM and options;
 *   removed with `docker network rm`.
 * - container: `docker create` (on the default bridge, as the provider does),
 *   then, when it has `networks_advanced`, `docker network disconnect bridge`
 *   and `docker network connect` for each network with its address and
 *   aliases, then `docker start` and a check that it runs; removed with
 *   `docker rm --force --volumes`.
 * - image: only here do the lab and the provider differ. There is no registry,
 *   so every container runs the lab's imported image whatever image the JSON
 *   names, and the image's stand-in checks that the lab image is there (the
 *   provider would pull). The lab image is shared, so it is never removed.
 *
 * Each argv element is a Terraform template: references to other stand-ins are
 * interpolated by Terraform before the command runs. Destroy-time commands may
 * read only `self`, so they take their values from the stand-in's input.
 * An argument this file has no translation for is an error naming the resource
 * and the argument: the lab must never run something else than the JSON says.
 */

/** One docker CLI command. */
export interface DockerCommand {
  /** The arguments after `docker`, each a Terraform template. */
  readonly argv: readonly string[];
  /** An error message meaning there is nothing left to do, which the provider ignores too. */
  readonly unlessError?: string;
  /** What the command must print (a check). */
  readonly expectOutput?: string;
}

/** What a stand-in runs when it is created and when it is destroyed. */
export interface DockerCommands {
  readonly create: readonly DockerCommand[];
  readonly destroy: readonly DockerCommand[];
}

/** A Docker resource the lab cannot deploy as the JSON says. */
export class UntranslatableDockerResource extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UntranslatableDockerResource';
  }
}

/** A stand-in keeps the resource's arguments here in its input; destroy-time commands read them back. */
export function fromStandInInput(argument: string): string {
  return `\${self.input.arguments.${argument}}`;
}

/** The commands that create and destroy `resource` on its Docker host, as the provider would. */
export function dockerCommands(resource: DockerResource, labImage: string): DockerCommands {
  const args = new Arguments(resource.args, resource.label, '');
  const commands =
    resource.type === 'docker_network' ? networkCommands(args) : resource.type === 'docker_container' ? containerCommands(args, labImage) : imageCommands(args, labImage);
  args.rejectUnread();
  return commands;
}

function networkCommands(args: Arguments): DockerCommands {
  const name = args.requiredText('name');
  const create = ['network', 'create'];
  option(create, '--driver', args.text('driver'));
  for (const ipam of args.blocks('ipam_config')) {
    option(create, '--subnet', ipam.text('subnet'));
    option(create, '--gateway', ipam.text('gateway'));
    option(create, '--ip-range', ipam.text('ip_range'));
    for (const [key, value] of ipam.entries('aux_address')) create.push('--aux-address', `${key}=${value}`);
    ipam.rejectUnread();
  }
  option(create, '--ipam-driver', args.text('ipam_driver'));
  for (const [key, value] of args.entries('ipam_options')) create.push('--ipam-opt', `${key}=${value}`);
  for (const [key, value] of args.entries('options')) create.push('--opt', `${key}=${value}`);
  for (const label of labels(args)) create.push('--label', label);
  if (args.flag('internal', false)) create.push('--internal');
  if (args.flag('attachable', false)) create.push('--attachable');
  if (args.flag('ipv6', false)) create.push('--ipv6');
  create.push(name);
  // --force: no error when the network is already gone (the provider treats that as removed).
  return { create: [{ argv: create }], destroy: [{ argv: ['network', 'rm', '--force', fromStandInInput('name')] }] };
}

function containerCommands(args: Arguments, labImage: string): DockerCommands {
  const name = args.requiredText('name');
  args.requiredText('image'); // runs as the lab image, see the comment at the top
  const create = ['create', '--name', name];
  option(create, '--hostname', args.text('hostname'));
  option(create, '--domainname', args.text('domainname'));
  option(create, '--user', args.text('user'));
  option(create, '--workdir', args.text('working_dir'));
  for (const variable of args.texts('env')) create.push('--env', variable);
  for (const port of args.blocks('ports')) create.push('--publish', publishSpec(port));
  for (const entry of args.blocks('host')) {
    create.push('--add-host', `${entry.requiredText('host')}:${entry.requiredText('ip')}`);
    entry.rejectUnread();
  }
  for (const label of labels(args)) create.push('--label', label);
  const restart = args.text('restart');
  const retries = args.text('max_retry_count');
  option(create, '--restart', retries === undefined ? restart : `${restart ?? 'no'}:${retries}`);
  option(create, '--network', args.text('network_mode'));
  if (args.flag('privileged', false)) create.push('--privileged');
  const entrypoint = args.texts('entrypoint');
  if (entrypoint.length > 1) throw args.untranslatable('entrypoint', 'the docker CLI takes a one-word --entrypoint');
  option(create, '--entrypoint', entrypoint[0]);
  create.push(labImage, ...args.texts('command'));

  const steps: DockerCommand[] = [{ argv: create }];
  const networks = args.blocks('networks_advanced');
  if (networks.length) {
    steps.push({ argv: ['network', 'disconnect', 'bridge', name], unlessError: 'is not connected to the network bridge' });
    for (const network of networks) steps.push({ argv: connectArgv(network, name) });
  }
  const start = args.flag('start', true);
  const mustRun = args.flag('must_run', true);
  if (start) steps.push({ argv: ['start', name] });
  if (start && mustRun) steps.push({ argv: ['container', 'inspect', '--format', '{{.State.Running}}', name], expectOutput: 'true' });

  const destroy: DockerCommand[] = [];
  if (args.text('destroy_grace_seconds') !== undefined) {
    destroy.push({ argv: ['stop', '--timeout', fromStandInInput('destroy_grace_seconds'), fromStandInInput('name')], unlessError: 'No such container' });
  }
  const volumes = args.flag('remove_volumes', true) ? ['--volumes'] : [];
  destroy.push({ argv: ['rm', '--force', ...volumes, fromStandInInput('name')], unlessError: 'No such container' });
  return { create: steps, destroy };
}

function imageCommands(args: Arguments, labImage: string): DockerCommands {
  args.requiredText('name');
  args.flag('keep_locally', false); // the shared lab image is kept either way
  return { create: [{ argv: ['image', 'inspect', '--format', '{{.Id}}', labImage] }], destroy: [] };
}

/** `ip:external:internal/protocol`, the provider's defaults filled in (an IPv6 host address in brackets). */
function publishSpec(port: Arguments): string {
  const internal = port.requiredText('internal');
  const external = port.text('external') ?? '';
  const ip = port.text('ip') ?? '0.0.0.0';
  const protocol = port.text('protocol') ?? 'tcp';
  port.rejectUnread();
  return `${ip.includes(':') ? `[${ip}]` : ip}:${external}:${internal}/${protocol}`;
}

function connectArgv(network: Arguments, container: string): string[] {
  const argv = ['network', 'connect'];
  option(argv, '--ip', network.text('ipv4_address'));
  option(argv, '--ip6', network.text('ipv6_address'));
  for (const alias of network.texts('aliases')) argv.push('--alias', alias);
  argv.push(network.requiredText('name'), container);
  network.rejectUnread();
  return argv;
}

/** `labels` blocks (`{ label, value }`) as `label=value`. */
function labels(args: Arguments): string[] {
  return args.blocks('labels').map((block) => {
    const label = `${block.requiredText('label')}=${block.requiredText('value')}`;
    block.rejectUnread();
    return label;
  });
}

function option(argv: string[], flag: string, value: string | undefined): void {
  if (value !== undefined) argv.push(flag, value);
}

/** The arguments of a resource (or of one of its blocks), read with their types checked; unread ones are errors. */
class Arguments {
  private readonly read = new Set<string>();

  public constructor(
    private readonly values: JsonObject,
    private readonly label: string,
    private readonly path: string,
  ) {}

  public text(key: string): string | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw this.untranslatable(key, `expected a string or a number, got ${JSON.stringify(value)}`);
  }

  public requiredText(key: string): string {
    const value = this.text(key);
    if (value === undefined) throw this.untranslatable(key, 'it is missing');
    return value;
  }

  /** A literal boolean: it decides which commands run, so an expression cannot be translated. */
  public flag(key: string, fallback: boolean): boolean {
    const value = this.take(key);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    throw this.untranslatable(key, `expected true or false, got ${JSON.stringify(value)}`);
  }

  public texts(key: string): string[] {
    return this.list(key).map((item, i) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number') return String(item);
      throw this.untranslatable(`${key}[${i}]`, `expected a string, got ${JSON.stringify(item)}`);
    });
  }

  /** Nested blocks; Terraform JSON allows one block as an object. */
  public blocks(key: string): Arguments[] {
    return this.list(key).map((block, i) => {
      if (block === null || typeof block !== 'object' || Array.isArray(block)) throw this.untranslatable(`${key}[${i}]`, 'expected a block');
      return new Arguments(block, this.label, `${this.at(key)}[${i}]`);
    });
  }

  /** A map argument as `[key, value]` pairs, in the JSON's order. */
  public entries(key: string): Array<[string, string]> {
    const value = this.take(key);
    if (value === undefined) return [];
    if (typeof value !== 'object' || Array.isArray(value) || value === null) throw this.untranslatable(key, 'expected a map');
    return Object.entries(value).map(([name, item]) => {
      if (typeof item !== 'string' && typeof item !== 'number') throw this.untranslatable(`${key}.${name}`, 'expected a string');
      return [name, String(item)];
    });
  }

  /** Throws for the first argument nothing read: the lab would silently run something else. */
  public rejectUnread(): void {
    const unread = Object.keys(this.values).find((key) => !this.read.has(key) && this.values[key] !== null);
    if (unread !== undefined) throw this.untranslatable(unread, 'the lab has no docker CLI translation for it; add one to lab/docker-cli-commands.ts');
  }

  public untranslatable(key: string, why: string): UntranslatableDockerResource {
    return new UntranslatableDockerResource(`cannot deploy ${this.label} in the lab: argument ${this.at(key)}: ${why}`);
  }

  private list(key: string): Json[] {
    const value = this.take(key);
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    if (typeof value === 'object') return [value];
    throw this.untranslatable(key, `expected a list, got ${JSON.stringify(value)}`);
  }

  private take(key: string): Json | undefined {
    this.read.add(key);
    const value = this.values[key];
    return value === null ? undefined : value;
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }
}
