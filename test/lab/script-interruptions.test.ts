import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultPromise } from 'execa';
import { Lab, type LabHost } from '../../lab/lab.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import type { StaticAttachmentSpec } from '../../lib/model/static-attachment.js';
import {
  ATTACH_STATIC_ADDRESS_SCRIPT,
  DETACH_STATIC_ADDRESS_SCRIPT,
  staticAddressVariables,
} from '../../lib/shell/static-address-scripts.js';
import { runScript } from '../shell/run-script.js';

/**
 * The attach script against real daemons that stop answering (lab, root): one
 * lab host with its own dockerd and Open vSwitch, a running container, and the
 * script exactly as a provisioner runs it. Freezing a daemon (SIGSTOP) blocks
 * the script in a real step; the tests then interrupt it as Ctrl-C, `kill` or
 * a hang-up do, or let the bounded wait expire. Needs root (/run/netns, the
 * lab's namespaces and daemons), like the tests under test/lab.
 */
const PREFIX = 'cdnsig';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;

const spec: StaticAttachmentSpec = {
  path: 'interruptions/Target',
  owner: 'interruptions/net\0interruptions/Target',
  host: 'h1',
  container: 'Target',
  bridge: { kind: 'ovs', name: 'br-sig' },
  interfaceName: 'eth1',
  address: '10.99.0.2',
  prefixLength: 24,
};
// The state directory (locks) lives under the lab's own directory, removed with the lab.
const variables = staticAddressVariables(spec, { CDN_OWNER: 'interruptions', CDN_STATE_DIR: `/tmp/cdn-lab/${PREFIX}/state` });
const NETNS_LINK = join('/run/netns', variables.CDN_NETNS);
const linkExists = () => lstatSync(NETNS_LINK, { throwIfNoEntry: false }) !== undefined;

describe('attach script interrupted or stalled by real daemons (lab, root)', () => {
  let lab: Lab;
  let host: LabHost;
  const pidOf = (pidfile: string) => Number(readFileSync(pidfile, 'utf8').trim());
  const ovsdbServer = () => pidOf(join(host.ovsRundir!, 'ovsdb-server.pid'));
  const dockerd = () => pidOf(join(host.dir, 'docker.pid'));
  /** Runs `fn` with `pid` stopped, and lets it go on again however `fn` ends. */
  const whileFrozen = async <T>(pid: number, fn: () => Promise<T>): Promise<T> => {
    process.kill(pid, 'SIGSTOP');
    try {
      return await fn();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  };
  /** The script as the lab's provisioner runs it: in the host's namespace, with its environment. */
  const start = (script: string) =>
    runScript(script, {
      interpreter: ['nsenter', `--net=/run/netns/${host.namespace}`, 'sh', '-c'],
      env: { ...host.environment, ...variables },
      reapAfterMs: LONG - 60_000,
    });
  /** Waits until the script `pid` runs `command` as a child, i.e. is blocked in it. */
  const blockedIn = async (pid: number, command: string, script: ResultPromise): Promise<void> => {
    let exited = false;
    void script.finally(() => (exited = true));
    while (!childCommands(pid).includes(command)) {
      if (exited) throw new Error(`the script ended before it ran ${command}: ${(await script).stderr}`);
      await sleep(50);
    }
  };

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({ prefix: PREFIX, hosts: [{ name: 'h1', dockerBridge: { address: '10.42.9.1/24' }, openvswitch: true }] });
    host = lab.host('h1');
    await lab.importImage(IMAGE);
    await host.docker(['run', '-d', '--name', spec.container, IMAGE]);
    await host.run('ovs-vsctl', ['add-br', spec.bridge.name, '--', 'set', 'bridge', spec.bridge.name, 'datapath_type=netdev']);
  }, LONG);

  afterAll(async () => {
    rmSync(NETNS_LINK, { force: true });
    await lab?.destroy();
  }, LONG);

  it('attaches and detaches while both daemons answer (the setup the other tests freeze)', async () => {
    const attach = await start(ATTACH_STATIC_ADDRESS_SCRIPT);
    expect({ exitCode: attach.exitCode, stderr: attach.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const detach = await start(DETACH_STATIC_ADDRESS_SCRIPT);
    expect({ exitCode: detach.exitCode, stderr: detach.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(linkExists()).toBe(false);
  }, LONG);

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('%s to the process group while blocked: removes the /run/netns link it made, exits %i', async (signal, status) => {
    const result = await whileFrozen(ovsdbServer(), async () => {
      const script = start(ATTACH_STATIC_ADDRESS_SCRIPT);
      await blockedIn(script.pid!, 'ovs-vsctl', script);
      const linkMade = linkExists();
      process.kill(-script.pid!, signal);
      return { linkMade, ...(await script) };
    });
    expect({ linkMade: result.linkMade, exitCode: result.exitCode, linkLeft: linkExists() }).toEqual({ linkMade: true, exitCode: status, linkLeft: false });
    expect(result.stderr).toContain(`cdktf-docker-network [Target eth1]: interrupted by ${signal} while checking bridge br-sig (exit ${status})`);
  }, LONG);

  it('SIGTERM to the script alone takes effect when the blocked step times out: link removed, exit 143', async () => {
    const result = await whileFrozen(ovsdbServer(), async () => {
      const script = start(ATTACH_STATIC_ADDRESS_SCRIPT);
      await blockedIn(script.pid!, 'ovs-vsctl', script);
      process.kill(script.pid!, 'SIGTERM');
      return script;
    });
    expect({ exitCode: result.exitCode, linkLeft: linkExists() }).toEqual({ exitCode: 143, linkLeft: false });
    expect(result.stderr).toContain('interrupted by SIGTERM while checking bridge br-sig (exit 143)');
  }, LONG);

  it('fails the step, naming it and the fix, when dockerd does not answer (dockerd frozen)', async () => {
    const result = await whileFrozen(dockerd(), () => start(ATTACH_STATIC_ADDRESS_SCRIPT));
    expect({ exitCode: result.exitCode, linkLeft: linkExists() }).toEqual({ exitCode: 1, linkLeft: false });
    expect(result.stderr).toMatch(
      /\[Target eth1\]: Docker did not answer within \d+ s while finding container Target: is dockerd running\? \(systemctl status docker\)/,
    );
    expect(result.stderr).toContain('failed while finding container Target (exit 1)');
  }, LONG);
});

/** The command names of the children of `pid`, from /proc. */
function childCommands(pid: number): string[] {
  const commands: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid …; comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const parent = Number(stat.slice(close + 2).split(' ')[1]);
    if (parent === pid) commands.push(stat.slice(stat.indexOf('(') + 1, close));
  }
  return commands;
}
