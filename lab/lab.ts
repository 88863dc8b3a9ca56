import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { importBusyboxImage } from './busybox-image.js';

/**
 * The lab: several "hosts" on one Linux machine. A host is a network namespace
 * with its own dockerd (and, when asked, its own Open vSwitch); hosts meet on an
 * underlay switch, a Linux bridge in a namespace of its own. Everything a lab
 * makes carries its prefix, so `Lab.sweep(prefix)` can remove what a crashed run
 * left behind. Traffic stays inside these namespaces.
 */

/** One host of the lab. */
export interface LabHostOptions {
  /** Short name, e.g. "h1" (namespaces and interfaces are named after it). */
  readonly name: string;
  /** docker0 of this host: `--bip` and, optionally, `--fixed-cidr` (Docker's dynamic range). */
  readonly dockerBridge: { readonly address: string; readonly fixedCidr?: string };
  /** Address on the underlay switch, e.g. "192.168.77.11/24". @default no underlay link */
  readonly underlayAddress?: string;
  /** Start an Open vSwitch (ovsdb-server + ovs-vswitchd, userspace datapath) for this host. @default false */
  readonly openvswitch?: boolean;
  /** Start dockerd for this host (a host that only runs Terraform needs none). @default true */
  readonly docker?: boolean;
  /**
   * Start sshd on the underlay address, accepting root with a key made for the
   * lab (`LabHost.sshPrivateKeyFile`); its sessions get the host's DOCKER_HOST
   * and OVS_RUNDIR. @default false
   */
  readonly sshd?: boolean;
}

export interface LabOptions {
  /** Up to 8 lower-case letters/digits, unique per concurrently running lab. */
  readonly prefix: string;
  readonly hosts: readonly LabHostOptions[];
  /** MTU of the hosts' underlay interfaces (`u0`), like a server NIC's default. @default 1500 */
  readonly underlayMtu?: number;
  /** MTU of the underlay switch's ports: jumbo-capable, so a host may raise its own MTU. @default 9000 */
  readonly switchMtu?: number;
}

/**
 * Lab hosts that can join a fabric: host i (from 0) gets docker0 10.42.(i+1).1/24,
 * the underlay address 192.168.77.(11+i)/24 and an Open vSwitch; with
 * `dockerRange`, Docker hands out only the lower half of docker0's subnet
 * (`--fixed-cidr`), leaving the upper half to planned static addresses.
 */
export function fabricLabHosts(names: readonly string[], options: { readonly dockerRange?: boolean } = {}): LabHostOptions[] {
  return names.map((name, i) => ({
    name,
    dockerBridge: { address: `10.42.${i + 1}.1/24`, ...(options.dockerRange ? { fixedCidr: `10.42.${i + 1}.0/25` } : {}) },
    underlayAddress: `192.168.77.${11 + i}/24`,
    openvswitch: true,
  }));
}

/** Where a lab keeps its files: short, because UNIX socket paths are limited to 107 bytes. */
const LAB_ROOT = '/tmp/cdn-lab';
const PREFIX = /^[a-z][a-z0-9]{0,7}$/;
const OVS_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** A running host of the lab. */
export class LabHost {
  /** The network namespace (under /run/netns) that is this host. */
  public readonly namespace: string;
  /** Directory of this host's daemons. */
  public readonly dir: string;
  /** `DOCKER_HOST` of this host's dockerd. */
  public readonly dockerHost: string;
  /** `OVS_RUNDIR` of this host's Open vSwitch, when it has one. */
  public readonly ovsRundir?: string;
  /** The private key sshd of this host accepts for root, when it runs sshd. */
  public readonly sshPrivateKeyFile?: string;
  /**
   * The library's state directory on this host (`DockerHost.stateDirectory`):
   * lab hosts share one filesystem, so each needs its own.
   */
  public readonly stateDirectory: string;

  public constructor(
    public readonly options: LabHostOptions,
    prefix: string,
  ) {
    this.namespace = `${prefix}-${options.name}`;
    this.dir = join(LAB_ROOT, prefix, options.name);
    this.dockerHost = `unix://${join(this.dir, 'docker.sock')}`;
    if (options.openvswitch) this.ovsRundir = join(this.dir, 'ovs');
    if (options.sshd) this.sshPrivateKeyFile = join(this.dir, 'ssh', 'client_key');
    this.stateDirectory = join(this.dir, 'state');
  }

  public get name(): string {
    return this.options.name;
  }

  /** The environment commands on this host run with (what the stack's lab access passes too). */
  public get environment(): Record<string, string> {
    return { DOCKER_HOST: this.dockerHost, ...(this.ovsRundir ? { OVS_RUNDIR: this.ovsRundir } : {}) };
  }

  /** Runs a command on this host (in its network namespace, with its environment). */
  public run(command: string, args: readonly string[] = [], options: RunOptions = {}): Promise<CommandResult> {
    return runCommand('nsenter', [`--net=/run/netns/${this.namespace}`, command, ...args], { ...options, env: { ...this.environment, ...options.env } });
  }

  /** Runs the docker client against this host's dockerd. */
  public docker(args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return runCommand('docker', args, { ...options, env: { ...this.environment, ...options.env } });
  }
}

/** Options of a command the lab runs. */
export interface RunOptions {
  /** Extra environment. */
  readonly env?: Record<string, string>;
  /** Throw on a non-zero exit. @default true */
  readonly reject?: boolean;
  /** Kill the command after this many milliseconds. @default 120000 */
  readonly timeout?: number;
  /** A file to feed to standard input. */
  readonly inputFile?: string;
}

/** What a finished command returned. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with a bounded time; stdout and stderr are returned as text. */
export async function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const result = await execa(command, args, {
    env: options.env ?? {},
    reject: options.reject ?? true,
    timeout: options.timeout ?? 120_000,
    ...(options.inputFile ? { inputFile: options.inputFile } : {}),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export class Lab {
  public readonly hosts: ReadonlyMap<string, LabHost>;
  private readonly dir: string;
  private readonly switchNamespace: string;

  private constructor(private readonly options: LabOptions) {
    this.dir = join(LAB_ROOT, options.prefix);
    this.switchNamespace = `${options.prefix}-sw`;
    this.hosts = new Map(options.hosts.map((h) => [h.name, new LabHost(h, options.prefix)]));
  }

  /** Starts a lab; if any step fails, removes what was made and rethrows. */
  public static async start(options: LabOptions): Promise<Lab> {
    if (!PREFIX.test(options.prefix)) throw new Error(`lab prefix ${JSON.stringify(options.prefix)}: use 1–8 lower-case letters and digits`);
    await Lab.sweep(options.prefix);
    const lab = new Lab(options);
    try {
      await lab.build();
      return lab;
    } catch (error) {
      await lab.destroy();
      throw error;
    }
  }

  public host(name: string): LabHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`the lab has no host ${name}`);
    return host;
  }

  /** Imports the lab's busybox image on every host that runs dockerd. */
  public async importImage(tag: string, exposedPorts: readonly string[] = []): Promise<void> {
    for (const host of this.hosts.values()) {
      if (host.options.docker ?? true) await importBusyboxImage(host, join(this.dir, 'rootfs'), tag, exposedPorts);
    }
  }

  /** Stops and starts a host's dockerd; containers with a restart policy come back, as after `systemctl restart docker`. */
  public async restartDocker(name: string): Promise<void> {
    const host = this.host(name);
    await stopByPidfile(join(host.dir, 'docker.pid'));
    await this.startDocker(host);
  }

  /** Stops and starts a host's ovsdb-server and ovs-vswitchd; the database persists, as on a real host. */
  public async restartOpenvswitch(name: string): Promise<void> {
    const host = this.host(name);
    await this.stopOpenvswitch(host);
    await this.startOpenvswitch(host);
  }

  /**
   * A simulated reboot: the host's watchers and daemons stop, the kernel state
   * a reboot loses goes (every link but the underlay's, whose MTU and address
   * return to what the machine's own configuration says), and the daemons start
   * in boot order: Open vSwitch, dockerd, then the library's watchers, as their
   * systemd units would (`sh <state>/<stack>/watch.sh`) — unless `startWatchers`
   * is false, for a test that wants to see the drift a reboot leaves.
   */
  public async reboot(name: string, options: { startWatchers?: boolean } = {}): Promise<void> {
    const host = this.host(name);
    await stopWatchers(host.stateDirectory);
    await stopByPidfile(join(host.dir, 'docker.pid'));
    if (host.ovsRundir) await this.stopOpenvswitch(host);
    const links = (await host.run('ip', ['-o', 'link', 'show'])).stdout.split('\n');
    for (const line of links) {
      const linkName = line.split(': ')[1]?.split('@')[0];
      if (linkName && linkName !== 'lo' && linkName !== 'u0') await host.run('ip', ['link', 'del', 'dev', linkName], { reject: false });
    }
    if (host.options.underlayAddress) {
      await host.run('ip', ['link', 'set', 'dev', 'u0', 'mtu', String(this.options.underlayMtu ?? 1500)]);
      await host.run('ip', ['addr', 'replace', host.options.underlayAddress, 'dev', 'u0']);
      await host.run('ip', ['link', 'set', 'dev', 'u0', 'up']);
    }
    if (host.ovsRundir) await this.startOpenvswitch(host);
    if (host.options.docker ?? true) await this.startDocker(host);
    if (options.startWatchers ?? true) await this.startWatchers(host);
  }

  /** Stops a host's watchers, as `systemctl stop` would (a test that wants drift to stay for `verify` to see). */
  public async stopWatchers(name: string): Promise<void> {
    await stopWatchers(this.host(name).stateDirectory);
  }

  /** Starts every installed watcher of a host the way its unit would, detached, in the host's namespace and environment. */
  public async startWatchers(host: LabHost): Promise<void> {
    for (const pidfile of watcherPidfiles(host.stateDirectory, { installed: true })) {
      const script = join(dirname(pidfile), 'watch.sh');
      const log = { file: join(dirname(pidfile), 'watch.log'), append: true };
      const watcher = execa('nsenter', [`--net=/run/netns/${host.namespace}`, 'setsid', 'sh', script], {
        env: host.environment,
        detached: true,
        stdin: 'ignore',
        stdout: log,
        stderr: log,
        cleanup: false,
        reject: false,
      });
      watcher.unref();
    }
    // Up once each has written its pid file, as `systemctl start` returns once the unit runs.
    const deadline = Date.now() + 10_000;
    const started = () => watcherPidfiles(host.stateDirectory, { installed: true }).every((pidfile) => pidAlive(pidfile));
    while (!started()) {
      if (Date.now() > deadline) throw new Error(`a watcher of lab host ${host.name} did not start: see its watch.log under ${host.stateDirectory}`);
      await sleep(50);
    }
  }

  /** Stops every daemon and removes every namespace, link and file of this lab. */
  public async destroy(): Promise<void> {
    await Lab.sweep(this.options.prefix);
  }

  /**
   * Removes whatever a lab with this prefix left: containers, dockerd, Open
   * vSwitch daemons, namespaces, mounts and files. Safe to run when nothing is left.
   */
  public static async sweep(prefix: string): Promise<void> {
    const dir = join(LAB_ROOT, prefix);
    if (existsSync(dir)) {
      for (const host of subdirectories(dir)) {
        const hostDir = join(dir, host);
        if (existsSync(join(hostDir, 'docker.sock'))) {
          // Best effort with bounded waits: a half-started daemon must not block the sweep.
          const docker = (args: string[]) =>
            runCommand('docker', args, { env: { DOCKER_HOST: `unix://${join(hostDir, 'docker.sock')}` }, reject: false, timeout: 60_000 });
          const ids = async (args: string[]) => {
            const result = await docker(args);
            return result.exitCode === 0 ? result.stdout.split('\n').filter(Boolean) : [];
          };
          const containers = await ids(['ps', '-aq']);
          if (containers.length) await docker(['rm', '-f', ...containers]);
          const networks = await ids(['network', 'ls', '-q', '--filter', 'type=custom']);
          if (networks.length) await docker(['network', 'rm', ...networks]);
        }
        await stopWatchers(join(hostDir, 'state'));
        // OVN daemons the library's scripts started on this host, before the Open vSwitch they use.
        for (const pidfile of ovnPidfiles(join(hostDir, 'state'))) await stopByPidfile(pidfile);
        await stopByPidfile(join(hostDir, 'ssh', 'sshd.pid'));
        await stopByPidfile(join(hostDir, 'docker.pid'));
        await stopByPidfile(join(hostDir, 'ovs', 'ovs-vswitchd.pid'));
        await stopByPidfile(join(hostDir, 'ovs', 'ovsdb-server.pid'));
      }
      // OVN daemons whose pid files are gone (a test that failed half-way): found by the lab's paths on their command line.
      for (const pid of strayOvnDaemons(dir)) await stopByPid(pid);
      await unmountBelow(dir);
    }
    const namespaces = await execa('ip', ['netns', 'list'], { reject: false });
    for (const line of namespaces.stdout.split('\n')) {
      const name = line.split(' ')[0];
      if (name && name.startsWith(`${prefix}-`)) await execa('ip', ['netns', 'del', name], { reject: false });
    }
    rmSync(dir, { recursive: true, force: true });
    if (existsSync(LAB_ROOT) && readdirSync(LAB_ROOT).length === 0) rmSync(LAB_ROOT, { recursive: true, force: true });
  }

  private async build(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const needsUnderlay = this.options.hosts.some((h) => h.underlayAddress);
    if (needsUnderlay) {
      await execa('ip', ['netns', 'add', this.switchNamespace]);
      await execa('ip', ['-n', this.switchNamespace, 'link', 'add', 'sw0', 'mtu', String(this.options.switchMtu ?? 9000), 'type', 'bridge']);
      await execa('ip', ['-n', this.switchNamespace, 'link', 'set', 'sw0', 'up']);
    }
    let index = 0;
    for (const host of this.hosts.values()) {
      index++;
      mkdirSync(host.dir, { recursive: true });
      await execa('ip', ['netns', 'add', host.namespace]);
      await execa('ip', ['-n', host.namespace, 'link', 'set', 'lo', 'up']);
      if (host.options.underlayAddress) await this.connectToUnderlay(host, index);
      if (host.options.docker ?? true) await this.startDocker(host);
      if (host.ovsRundir) await this.startOpenvswitch(host);
      if (host.options.sshd) await this.startSshd(host);
    }
  }

  /** A veth pair from the host to the switch; the host end is `u0`. */
  private async connectToUnderlay(host: LabHost, index: number): Promise<void> {
    const mtu = String(this.options.underlayMtu ?? 1500);
    const switchMtu = String(this.options.switchMtu ?? 9000);
    const hostEnd = `${this.options.prefix}h${index}`;
    const switchEnd = `${this.options.prefix}s${index}`;
    await execa('ip', ['link', 'add', hostEnd, 'mtu', mtu, 'type', 'veth', 'peer', 'name', switchEnd, 'mtu', switchMtu]);
    await execa('ip', ['link', 'set', switchEnd, 'netns', this.switchNamespace]);
    await execa('ip', ['-n', this.switchNamespace, 'link', 'set', switchEnd, 'master', 'sw0', 'up']);
    await execa('ip', ['link', 'set', hostEnd, 'netns', host.namespace]);
    await execa('ip', ['-n', host.namespace, 'link', 'set', hostEnd, 'name', 'u0']);
    await execa('ip', ['-n', host.namespace, 'addr', 'add', host.options.underlayAddress!, 'dev', 'u0']);
    await execa('ip', ['-n', host.namespace, 'link', 'set', 'u0', 'up']);
    // A NIC fills in TCP and UDP checksums; a veth leaves them partial for the receiver's
    // kernel, which an Open vSwitch userspace datapath on the far host (its br-phy) is not:
    // its TCP from this host would be dropped there while ping works.
    await execa('nsenter', [`--net=/run/netns/${host.namespace}`, 'ethtool', '-K', 'u0', 'tx', 'off']);
  }

  /**
   * dockerd in the host's namespace. Started with nsenter, not `ip netns exec`
   * (which remounts /sys, and dockerd then fails: "Devices cgroup isn't mounted").
   */
  private async startDocker(host: LabHost): Promise<void> {
    const { address, fixedCidr } = host.options.dockerBridge;
    const args: string[] = [
      `--net=/run/netns/${host.namespace}`,
      'dockerd',
      ...['--data-root', join(host.dir, 'data'), '--exec-root', join(host.dir, 'exec')],
      ...['--pidfile', join(host.dir, 'docker.pid'), '-H', host.dockerHost],
      ...['--storage-driver=vfs', '--iptables=false', '--bip', address],
      ...(fixedCidr ? ['--fixed-cidr', fixedCidr] : []),
    ];
    const log = { file: join(host.dir, 'dockerd.log'), append: true };
    const daemon = execa('nsenter', args, { detached: true, stdin: 'ignore', stdout: log, stderr: log, cleanup: false, reject: false });
    daemon.unref();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const probe = await host.docker(['version', '--format', '{{.Server.Version}}'], { reject: false, timeout: 10_000 });
      if (probe.exitCode === 0) return;
      await sleep(250);
    }
    throw new Error(`dockerd of lab host ${host.name} did not answer within 60 s; see ${join(host.dir, 'dockerd.log')}`);
  }

  /** sshd in the host's namespace, on its underlay address, for root with the lab's key only. */
  private async startSshd(host: LabHost): Promise<void> {
    const address = host.options.underlayAddress?.split('/')[0];
    if (!address) throw new Error(`lab host ${host.name} needs an underlay address to run sshd`);
    const dir = join(host.dir, 'ssh');
    mkdirSync(dir, { recursive: true });
    mkdirSync('/run/sshd', { recursive: true });
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
    const environment = Object.entries(host.environment).map(([k, v]) => `${k}=${v}`).join(' ');
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `ListenAddress ${address}`,
        `HostKey ${join(dir, 'host_key')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        `SetEnv ${environment}`,
        '',
      ].join('\n'),
    );
    await host.run('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
  }

  private async stopOpenvswitch(host: LabHost): Promise<void> {
    await stopByPidfile(join(host.ovsRundir!, 'ovs-vswitchd.pid'));
    await stopByPidfile(join(host.ovsRundir!, 'ovsdb-server.pid'));
  }

  /**
   * ovsdb-server and ovs-vswitchd with standard file names under OVS_RUNDIR, so
   * plain ovs-vsctl reaches them. The database is made once and kept across restarts.
   */
  private async startOpenvswitch(host: LabHost): Promise<void> {
    const rundir = host.ovsRundir!;
    mkdirSync(rundir, { recursive: true });
    const env = { OVS_RUNDIR: rundir, OVS_LOGDIR: rundir, OVS_DBDIR: rundir };
    if (!existsSync(join(rundir, 'conf.db'))) await execa('ovsdb-tool', ['create', join(rundir, 'conf.db'), OVS_SCHEMA]);
    await host.run('ovsdb-server', [join(rundir, 'conf.db'), `--remote=punix:${join(rundir, 'db.sock')}`, '--pidfile', '--detach', '--log-file'], { env });
    await host.run('ovs-vsctl', ['--no-wait', 'init'], { env });
    await host.run('ovs-vswitchd', ['--pidfile', '--detach', '--log-file'], { env });
  }
}

/**
 * The pid files of the library's watchers on a lab host (one per stack, each
 * leading its own process group); with `installed`, where a watcher is
 * installed, whether or not it runs.
 */
export function watcherPidfiles(stateDirectory: string, options: { installed?: boolean } = {}): string[] {
  if (!existsSync(stateDirectory)) return [];
  return subdirectories(stateDirectory)
    .map((owner) => join(stateDirectory, owner))
    .filter((dir) => existsSync(join(dir, options.installed ? 'watch.sh' : 'watch.pid')))
    .map((dir) => join(dir, 'watch.pid'));
}

/**
 * The pid files of the OVN daemons the library's scripts start on a lab host,
 * in the order to stop them: each stack's ovn-controller, then each OVN
 * central's ovn-northd and its southbound and northbound database servers.
 */
export function ovnPidfiles(stateDirectory: string): string[] {
  if (!existsSync(stateDirectory)) return [];
  const owners = subdirectories(stateDirectory).map((owner) => join(stateDirectory, owner));
  const controllers = owners.map((dir) => join(dir, 'ovn-chassis', 'ovn-controller.pid'));
  const centrals = owners
    .map((dir) => join(dir, 'ovn-central'))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => subdirectories(dir).map((central) => join(dir, central)))
    .flatMap((central) => ['northd.pid', 'sb.pid', 'nb.pid'].map((file) => join(central, file)));
  return [...controllers, ...centrals].filter((pidfile) => existsSync(pidfile));
}

async function stopWatchers(stateDirectory: string): Promise<void> {
  for (const pidfile of watcherPidfiles(stateDirectory)) await stopByPidfile(pidfile, { group: true });
}

/** Whether the pid in `pidfile` names a live process. */
function pidAlive(pidfile: string): boolean {
  if (!existsSync(pidfile)) return false;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function subdirectories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}

/**
 * OVN daemons (ovn-controller, ovn-northd, their ovsdb-servers) started by the
 * library's scripts on this lab's hosts, found by the lab's state directories on
 * their command lines. One left running would outlive its host's namespace and
 * reach the next lab's Open vSwitch at the same socket path.
 */
function strayOvnDaemons(labDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return ['ovn-controller', 'ovn-northd', 'ovsdb-server'].includes(args[0]!) && args.some((arg) => arg.includes(`${labDir}/`) && arg.includes('/state/'));
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** SIGTERM, a bounded wait, then SIGKILL; to the whole process group with `group`. */
async function stopByPidfile(pidfile: string, options: { group?: boolean } = {}): Promise<void> {
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  await stopByPid(pid, options);
}

/** SIGTERM, a bounded wait, then SIGKILL; to the whole process group with `group`. */
async function stopByPid(pid: number, options: { group?: boolean } = {}): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  const target = options.group ? -pid : pid;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(target, signal);
    } catch {
      // Gone meanwhile.
    }
  };
  kill('SIGTERM');
  for (let i = 0; i < 100 && alive(); i++) await sleep(200);
  if (alive()) kill('SIGKILL');
}

/** Lazily unmounts anything left mounted below `dir` (dockerd's shm mounts after a hard stop). */
async function unmountBelow(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((target): target is string => !!target && target.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts) await execa('umount', ['-l', target], { reject: false });
}
