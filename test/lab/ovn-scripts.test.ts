import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectivityMatrix, dontFragmentPing, pingFrom, tcpTransfer, type LabEndpoint } from '../../lab/connectivity.js';
import { hostSnapshot, ovsObjects, type HostSnapshot } from '../../lab/host-snapshot.js';
import { fabricLabHosts, Lab, type LabHost } from '../../lab/lab.js';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';
import type { HostObject } from '../../lib/model/host-objects.js';
import { validateStaticAttachment, type StaticAttachmentSpec } from '../../lib/model/static-attachment.js';
import { parseCheckOutput } from '../../lib/shell/check-output.js';
import { CHECK_OVN_CENTRAL_SCRIPT, CHECK_OVN_CHASSIS_SCRIPT, CHECK_STATIC_ADDRESS_SCRIPT } from '../../lib/shell/check-scripts.js';
import { HOST_AGENT_REMOVE_SCRIPT, HOST_RECONCILE_SCRIPT, hostAgentVariables } from '../../lib/shell/host-agent-scripts.js';
import {
  OVN_CENTRAL_CREATE_SCRIPT,
  OVN_CENTRAL_TEARDOWN_SCRIPT,
  OVN_CHASSIS_CREATE_SCRIPT,
  OVN_CHASSIS_TEARDOWN_SCRIPT,
  type OvnCentralVariables,
  type OvnChassisVariables,
} from '../../lib/shell/ovn-scripts.js';
import { ATTACH_STATIC_ADDRESS_SCRIPT, DETACH_STATIC_ADDRESS_SCRIPT, staticAddressVariables } from '../../lib/shell/static-address-scripts.js';
import { runScript } from '../shell/run-script.js';

/**
 * The OVN engine's host scripts on real OVN 23.03 (lab, root), run exactly as
 * the provisioners run them (the fixed text, values in CDN_* variables, inside
 * the host's namespace with its OVS_RUNDIR and DOCKER_HOST), with no Terraform:
 * a standalone central and a Raft-clustered one, every host a chassis with the
 * userspace datapath, one container per host as an OVN port; then the host
 * agent's reconcile step and watcher. Waits are deadlines for eventual states,
 * not timing limits.
 */
const PREFIX = 'cdnovs';
const IMAGE = 'lab/busybox:1';
const LONG = 300_000;
const HOSTS = ['h1', 'h2', 'h3', 'h4'] as const;
type HostName = (typeof HOSTS)[number];
const OWNER = 'ovnlab';
const FABRIC = 'ovnfab';
const SWITCH = 'cdnl-0f0f0f0f';
const CENTRAL = 'cdnc-1a2b3c4d';
const LAB_DIR = `/tmp/cdn-lab/${PREFIX}`;

/** How the 58 bytes of Geneve fit: raise the underlay, or lower the containers. */
interface MtuPolicy {
  readonly raise: boolean;
  readonly underlayMtu: number;
  readonly containerMtu: number;
}
const RAISE_UNDERLAY: MtuPolicy = { raise: true, underlayMtu: 1558, containerMtu: 1500 };
const LOWER_CONTAINERS: MtuPolicy = { raise: false, underlayMtu: 1500, containerMtu: 1442 };

const underlayIp = (name: string) => `192.168.77.${11 + HOSTS.indexOf(name as HostName)}`;

describe('OVN host scripts on real OVN (lab, root)', () => {
  let lab: Lab;
  const before = new Map<string, HostSnapshot & { readonly openvswitch: string }>();
  const host = (name: string): LabHost => lab.host(name);
  const marks = (labHost: LabHost) => ({ CDN_OWNER: OWNER, CDN_STATE_DIR: labHost.stateDirectory });

  /** A script as the lab's provisioner runs it: in the host's namespace, with its environment and the values. */
  const run = async (name: string, script: string, variables: object) => {
    const result = await runScript(script, {
      interpreter: ['nsenter', `--net=/run/netns/${host(name).namespace}`, 'sh', '-c'],
      env: { ...host(name).environment, ...(variables as Record<string, string>) },
      reapAfterMs: LONG - 60_000,
    });
    return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  };
  /** Runs a script that must succeed; its messages are in the failure. */
  const ok = async (name: string, script: string, variables: object) => {
    const result = await run(name, script, variables);
    if (result.exitCode !== 0) throw new Error(`script on ${name} exited ${result.exitCode}:\n${result.stderr}`);
    return result;
  };

  const centralVariables = (name: string, cluster: readonly string[]): OvnCentralVariables => ({
    CDN_SUBJECT: `fabric ${FABRIC} OVN central ${CENTRAL} on ${name}`,
    CDN_FABRIC: FABRIC,
    CDN_OVN_CENTRAL: CENTRAL,
    CDN_OVN_LISTEN_IP: underlayIp(name),
    CDN_OVN_CLUSTER: cluster.map(underlayIp).join(' '),
    CDN_OVN_SWITCH: SWITCH,
    ...marks(host(name)),
  });
  const chassisVariables = (name: string, centrals: readonly string[], mtu: MtuPolicy): OvnChassisVariables => ({
    CDN_SUBJECT: `fabric ${FABRIC} OVN chassis ${name}`,
    CDN_FABRIC: FABRIC,
    CDN_OVS_BRIDGE: 'br-int',
    CDN_DATAPATH: 'netdev',
    CDN_UNDERLAY_MTU: String(mtu.underlayMtu),
    CDN_RAISE_UNDERLAY: mtu.raise ? 'yes' : 'no',
    CDN_UNDERLAY_IF: 'u0',
    CDN_UNDERLAY_ADDRESS: `${underlayIp(name)}/24`,
    CDN_PHY_BRIDGE: 'br-phy',
    CDN_OVN_SYSTEM_ID: name,
    CDN_OVN_REMOTE: centrals.map((c) => `tcp:${underlayIp(c)}:6642`).join(','),
    CDN_OVN_ENCAP_TYPE: 'geneve',
    CDN_OVN_ENCAP_IP: underlayIp(name),
    ...marks(host(name)),
  });
  /** Container `container` on host `name` as an OVN port of the fabric's logical switch. */
  const portSpec = (container: string, name: string, index: number, centrals: readonly string[], mtu: MtuPolicy): StaticAttachmentSpec => ({
    path: `${OWNER}/${container}`,
    owner: `${OWNER}/fabric\0${OWNER}/${container}`,
    host: name,
    container,
    bridge: { kind: 'ovs', name: 'br-int' },
    interfaceName: 'eth1',
    address: `10.60.0.${10 + index}`,
    prefixLength: 24,
    mtu: mtu.containerMtu,
    mac: `02:00:0a:3c:00:${(10 + index).toString(16).padStart(2, '0')}`,
    ovn: { northbound: centrals.map((c) => `tcp:${underlayIp(c)}:6641`).join(','), logicalSwitch: SWITCH, port: `${FABRIC}-${container}` },
  });
  const portVariables = (spec: StaticAttachmentSpec) => staticAddressVariables(spec, marks(host(spec.host)));
  const endpoint = (spec: StaticAttachmentSpec): LabEndpoint => ({ name: spec.container, labHost: host(spec.host), address: spec.address });

  /** Starts a container that sleeps, as Terraform's docker_container would before its attachment. */
  const startContainer = async (name: string, container: string) => {
    await host(name).docker(['rm', '-f', container], { reject: false });
    await host(name).docker(['run', '-d', '--name', container, IMAGE]);
  };
  const centralDir = (name: string) => join(host(name).stateDirectory, OWNER, 'ovn-central', CENTRAL);
  const nbctl = async (name: string, ...args: string[]) =>
    (await host(name).run('ovn-nbctl', ['--timeout=10', '--no-leader-only', `--db=unix:${join(centralDir(name), 'nb.sock')}`, ...args])).stdout;
  const sbctl = async (name: string, ...args: string[]) =>
    (await host(name).run('ovn-sbctl', ['--timeout=10', '--no-leader-only', `--db=unix:${join(centralDir(name), 'sb.sock')}`, ...args])).stdout;
  const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const chassisNames = async (central: string) => lines(await sbctl(central, '--bare', '--columns=name', 'list', 'chassis'));
  const logicalPorts = async (central: string) => lines(await nbctl(central, '--bare', '--columns=name', 'list', 'logical_switch_port'));
  const openvswitchIds = async (name: string) => (await host(name).run('ovs-vsctl', ['get', 'open_vswitch', '.', 'external_ids'])).stdout.trim();
  /** Geneve tunnel interfaces on a host, by remote address. */
  const tunnelsOf = async (name: string) =>
    lines((await host(name).run('ovs-vsctl', ['--bare', '--columns=options', 'find', 'interface', 'type=geneve'])).stdout).map((o) => /remote_ip="?([0-9.]+)/.exec(o)?.[1] ?? o);
  /** The OVN daemons running from this lab's state directories (of one host, or all), with their pids. */
  const ovnProcesses = (name?: string) =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((pid) => {
        try {
          return [{ pid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') }];
        } catch {
          return []; // gone meanwhile
        }
      })
      .filter(({ command }) => command.includes(`${LAB_DIR}/${name ?? ''}`) && command.includes('/state/') && /^(ovsdb-server|ovn-northd|ovn-controller) /.test(command));
  const ovnDaemons = (name?: string) => ovnProcesses(name).map(({ command }) => command);
  const pidIn = (pidfile: string) => (existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8').trim()) : 0);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== '';
    } catch {
      return false;
    }
  };
  /** Polls until `check` holds or the deadline passes; returns whether it held. */
  const eventually = async (check: () => Promise<boolean> | boolean, deadlineMs = 60_000) => {
    const end = Date.now() + deadlineMs;
    for (;;) {
      if (await check()) return true;
      if (Date.now() > end) return false;
      await sleep(100);
    }
  };
  const everyoneReaches = async (specs: readonly StaticAttachmentSpec[]) => (await connectivityMatrix(specs.map(endpoint))).filter((cell) => !cell.reachable);
  /** What a host holds that the scripts make or change, plus its Open vSwitch settings. */
  const snapshot = async (name: string) => ({ ...(await hostSnapshot(host(name))), openvswitch: await openvswitchIds(name) });
  /** Everything the create scripts could change, on every host and in the central's databases, with the daemons' pids. */
  const everything = async (central: string) => ({
    hosts: await Promise.all(HOSTS.map(snapshot)),
    northbound: await nbctl(central, 'show'),
    switches: await nbctl(central, '--bare', '--columns=_uuid,name,external_ids', 'list', 'logical_switch'),
    chassis: await sbctl(central, '--bare', '--columns=_uuid,name', 'list', 'chassis'),
    daemons: ovnProcesses().map(({ pid, command }) => `${pid} ${command}`).sort(),
  });
  const check = async (name: string, script: string, variables: object) => parseCheckOutput((await ok(name, script, variables)).stdout);

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await Lab.start({ prefix: PREFIX, hosts: fabricLabHosts(HOSTS) });
    await lab.importImage(IMAGE);
    for (const name of HOSTS) before.set(name, await snapshot(name));
  }, LONG);

  afterAll(async () => {
    // Stops the watchers and every OVN daemon under the lab's directories, then the rest.
    await lab?.destroy();
  }, LONG);

  describe('a standalone central on h1, every host a chassis, the underlay raised to 1558', () => {
    const centrals = ['h1'];
    const ports = HOSTS.map((name, i) => portSpec(`c${i + 1}`, name, i + 1, centrals, RAISE_UNDERLAY));
    const firstThree = ports.slice(0, 3);

    it('three hosts: the central, a chassis each, an OVN port each with the planned MAC, IP and MTU; every container reaches every other', async () => {
      for (const spec of ports) expect(validateStaticAttachment(spec)).toEqual([]);
      await ok('h1', OVN_CENTRAL_CREATE_SCRIPT, centralVariables('h1', centrals));
      expect(lines(await nbctl('h1', '--bare', '--columns=name', 'list', 'logical_switch'))).toEqual([SWITCH]);
      for (const name of ['h1', 'h2', 'h3']) await ok(name, OVN_CHASSIS_CREATE_SCRIPT, chassisVariables(name, centrals, RAISE_UNDERLAY));
      // The create script returns once ovn-controller is connected; the chassis is in the southbound database by then.
      expect(await eventually(async () => (await chassisNames('h1')).join(' ') === 'h1 h2 h3', 10_000)).toBe(true);
      for (const spec of firstThree) {
        await startContainer(spec.host, spec.container);
        await ok(spec.host, ATTACH_STATIC_ADDRESS_SCRIPT, portVariables(spec));
        // "Created" means bound: ovn-controller has installed the port's flows.
        const ids = (await host(spec.host).run('ovs-vsctl', ['get', 'interface', portVariables(spec).CDN_HOST_IF, 'external_ids'])).stdout;
        expect(ids).toContain(`iface-id=${spec.ovn!.port}`);
        expect(ids).toContain('ovn-installed="true"');
        const eth1 = (await host(spec.host).docker(['exec', spec.container, 'ip', '-o', 'link', 'show', 'dev', 'eth1'])).stdout;
        expect(eth1).toContain(` mtu ${RAISE_UNDERLAY.containerMtu} `);
        expect(eth1).toContain(`link/ether ${spec.mac} `);
        expect((await host(spec.host).docker(['exec', spec.container, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth1'])).stdout).toContain(`inet ${spec.address}/24`);
      }
      expect(await logicalPorts('h1')).toEqual(firstThree.map((s) => s.ovn!.port).sort());
      expect(await everyoneReaches(firstThree)).toEqual([]);
      // Read-only checks agree.
      expect(await check('h1', CHECK_OVN_CENTRAL_SCRIPT, centralVariables('h1', centrals))).toEqual({ kind: 'checked', drift: [] });
      expect(await check('h2', CHECK_OVN_CHASSIS_SCRIPT, chassisVariables('h2', centrals, RAISE_UNDERLAY))).toEqual({ kind: 'checked', drift: [] });
      expect(await check('h3', CHECK_STATIC_ADDRESS_SCRIPT, portVariables(ports[2]!))).toEqual({ kind: 'checked', drift: [] });
    }, LONG);

    it('an attach returns once ovn-controller has bound its port: with ovn-controller frozen, it waits', async () => {
      const spec = firstThree[0]!;
      const hostInterface = portVariables(spec).CDN_HOST_IF;
      // A restarted container gets a new veth, which OVN binds anew.
      await host('h1').docker(['restart', spec.container]);
      const controller = pidIn(join(host('h1').stateDirectory, OWNER, 'ovn-chassis', 'ovn-controller.pid'));
      const interfaceIds = async () => (await host('h1').run('ovs-vsctl', ['--if-exists', 'get', 'interface', hostInterface, 'external_ids'], { reject: false })).stdout;
      process.kill(controller, 'SIGSTOP');
      let finished = false;
      const attach = run('h1', ATTACH_STATIC_ADDRESS_SCRIPT, portVariables(spec)).finally(() => (finished = true));
      try {
        // The new interface is on the bridge with its iface-id: all that is left is OVN's binding.
        expect(await eventually(async () => (await interfaceIds()).includes(`iface-id=${spec.ovn!.port}`) || finished, 30_000)).toBe(true);
        await sleep(2000);
        expect({ finished, installed: (await interfaceIds()).includes('ovn-installed') }).toEqual({ finished: false, installed: false });
      } finally {
        process.kill(controller, 'SIGCONT');
      }
      expect((await attach).exitCode).toBe(0);
      expect(await interfaceIds()).toContain('ovn-installed="true"');
      expect(await everyoneReaches(firstThree)).toEqual([]);
    }, LONG);

    it('the underlay is raised to 1558: a full-size don\'t-fragment packet crosses, one byte more does not, and TCP flows', async () => {
      for (const name of ['h1', 'h2', 'h3']) expect((await host(name).run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout).toContain(' mtu 1558 ');
      const [c1, c2, c3] = firstThree.map(endpoint);
      const largest = RAISE_UNDERLAY.containerMtu - 28;
      expect(await dontFragmentPing(c1!, c2!, largest)).toBe(true);
      expect(await dontFragmentPing(c3!, c1!, largest)).toBe(true);
      expect(await dontFragmentPing(c1!, c2!, largest + 1)).toBe(false);
      // TCP and UDP checksums: the attach script turns transmit offload off on a veth of a userspace bridge.
      const transfer = await tcpTransfer(c3!, c2!, 4 * 1024 * 1024);
      expect(transfer.sentBytes).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      expect(transfer.receivedBytes).toBeGreaterThan(0);
    }, LONG);

    it('every create script run a second time succeeds and changes nothing: no object, setting, database row or daemon', async () => {
      const first = await everything('h1');
      await ok('h1', OVN_CENTRAL_CREATE_SCRIPT, centralVariables('h1', centrals));
      for (const name of ['h1', 'h2', 'h3']) await ok(name, OVN_CHASSIS_CREATE_SCRIPT, chassisVariables(name, centrals, RAISE_UNDERLAY));
      for (const spec of firstThree) await ok(spec.host, ATTACH_STATIC_ADDRESS_SCRIPT, portVariables(spec));
      expect(await everything('h1')).toEqual(first);
    }, LONG);

    it('a fourth chassis: nothing runs on the other hosts, yet each gets a tunnel to it and its container reaches every other', async () => {
      const others = ['h1', 'h2', 'h3'];
      const old = new Map(await Promise.all(others.map(async (name) => [name, await snapshot(name)] as const)));
      for (const name of others) expect(await tunnelsOf(name)).not.toContain(underlayIp('h4'));
      await ok('h4', OVN_CHASSIS_CREATE_SCRIPT, chassisVariables('h4', centrals, RAISE_UNDERLAY));
      await startContainer('h4', 'c4');
      await ok('h4', ATTACH_STATIC_ADDRESS_SCRIPT, portVariables(ports[3]!));
      for (const name of others) expect(await eventually(async () => (await tunnelsOf(name)).includes(underlayIp('h4')), 10_000)).toBe(true);
      expect(await everyoneReaches(ports)).toEqual([]);
      // On each other host, the one difference is ovn-controller's tunnel to h4.
      for (const name of others) {
        const now = await snapshot(name);
        const added = now.ovs.filter((row) => !old.get(name)!.ovs.includes(row));
        expect({ ...now, ovs: now.ovs.filter((row) => !added.includes(row)) }).toEqual(old.get(name));
        expect(added).toEqual(['interface ovn-h4-0']);
      }
    }, LONG);

    it('teardown of everything leaves the hosts as they were: no OVN or OVS object, setting, daemon, directory or link', async () => {
      for (const spec of ports.slice(0, 3)) await ok(spec.host, DETACH_STATIC_ADDRESS_SCRIPT, portVariables(spec));
      for (const name of ['h1', 'h2', 'h3']) await ok(name, OVN_CHASSIS_TEARDOWN_SCRIPT, chassisVariables(name, centrals, RAISE_UNDERLAY));
      expect(await chassisNames('h1')).toEqual(['h4']);
      await ok('h1', OVN_CENTRAL_TEARDOWN_SCRIPT, centralVariables('h1', centrals));
      // The central went first: h4's port and chassis go anyway, saying what they could not do.
      const detached = await ok('h4', DETACH_STATIC_ADDRESS_SCRIPT, portVariables(ports[3]!));
      expect(detached.stderr).toContain(`could not remove logical switch port ${ports[3]!.ovn!.port}`);
      const gone = await ok('h4', OVN_CHASSIS_TEARDOWN_SCRIPT, chassisVariables('h4', centrals, RAISE_UNDERLAY));
      expect(gone.stderr).toContain('ovn-controller is not connected to the southbound database');
      // A second teardown finds nothing to do and succeeds.
      await ok('h1', OVN_CENTRAL_TEARDOWN_SCRIPT, centralVariables('h1', centrals));
      await ok('h2', OVN_CHASSIS_TEARDOWN_SCRIPT, chassisVariables('h2', centrals, RAISE_UNDERLAY));
      await ok('h2', DETACH_STATIC_ADDRESS_SCRIPT, portVariables(ports[1]!));
      expect(ovnDaemons()).toEqual([]);
      for (const name of HOSTS) {
        // What Terraform's destroy of the host agent does last: the stack's directory (the attach scripts' locks) goes.
        await ok(name, HOST_AGENT_REMOVE_SCRIPT, hostAgentVariables({ subject: `agent on ${name}`, address: 'terraform_data.agent' }, marks(host(name)), []));
        expect(await snapshot(name)).toEqual(before.get(name));
      }
      for (const spec of ports) await host(spec.host).docker(['rm', '-f', spec.container]);
    }, LONG);
  });

  describe('a Raft-clustered central on h1–h3, containers lowered to 1442', () => {
    const centrals = ['h1', 'h2', 'h3'];
    const ports = ['h1', 'h2', 'h3'].map((name, i) => portSpec(`k${i + 1}`, name, i + 1, centrals, LOWER_CONTAINERS));
    const late = portSpec('k5', 'h2', 5, centrals, LOWER_CONTAINERS);

    it('three members started at once form one cluster with one logical switch; every chassis reaches all three', async () => {
      await Promise.all(centrals.map((name) => ok(name, OVN_CENTRAL_CREATE_SCRIPT, centralVariables(name, centrals))));
      for (const name of centrals) {
        const status = (await host(name).run('ovn-appctl', ['-t', join(centralDir(name), 'nb.ctl'), 'cluster/status', 'OVN_Northbound'])).stdout;
        expect(status).toContain('Status: cluster member');
        expect(status.match(/ at tcp:192\.168\.77\.1[123]:6643/g)).toHaveLength(3);
      }
      // Started at once, each member added the switch if it saw none: one is kept.
      expect(lines(await nbctl('h2', '--bare', '--columns=name', 'list', 'logical_switch'))).toEqual([SWITCH]);
      for (const name of centrals) await ok(name, OVN_CHASSIS_CREATE_SCRIPT, chassisVariables(name, centrals, LOWER_CONTAINERS));
      for (const spec of ports) {
        await startContainer(spec.host, spec.container);
        await ok(spec.host, ATTACH_STATIC_ADDRESS_SCRIPT, portVariables(spec));
      }
      expect(await everyoneReaches(ports)).toEqual([]);
      expect(await check('h3', CHECK_OVN_CENTRAL_SCRIPT, centralVariables('h3', centrals))).toEqual({ kind: 'checked', drift: [] });
    }, LONG);

    it('with the underlay at 1500 and containers at 1442, the largest don\'t-fragment packet crosses', async () => {
      for (const name of centrals) expect((await host(name).run('ip', ['-o', 'link', 'show', 'dev', 'u0'])).stdout).toContain(' mtu 1500 ');
      const [k1, k2] = ports.map(endpoint);
      expect(await dontFragmentPing(k1!, k2!, LOWER_CONTAINERS.containerMtu - 28)).toBe(true);
      expect(await dontFragmentPing(k1!, k2!, LOWER_CONTAINERS.containerMtu - 27)).toBe(false);
    }, LONG);

    it("one central host's daemons lost: traffic flows on, and a new port is added and reaches the others", async () => {
      for (const daemon of ['northd', 'sb', 'nb']) process.kill(pidIn(join(centralDir('h1'), `${daemon}.pid`)), 'SIGKILL');
      expect(await eventually(() => ovnDaemons('h1').every((command) => command.startsWith('ovn-controller ')), 10_000)).toBe(true);
      expect(await everyoneReaches(ports)).toEqual([]);
      await startContainer(late.host, late.container);
      await ok(late.host, ATTACH_STATIC_ADDRESS_SCRIPT, portVariables(late));
      expect(await logicalPorts('h3')).toContain(late.ovn!.port);
      // The remaining members elect a leader and another ovn-northd takes over: the new port's flows follow.
      expect(await eventually(async () => (await pingFrom(endpoint(late), ports[0]!.address, 1)) && (await pingFrom(endpoint(late), ports[2]!.address, 1)))).toBe(true);
    }, LONG);
  });

  describe('day two: the host agent keeps the OVN objects of the ledger and removes the rest', () => {
    const centrals = ['h1', 'h2', 'h3'];
    const ports = ['h1', 'h2', 'h3'].map((name, i) => portSpec(`k${i + 1}`, name, i + 1, centrals, LOWER_CONTAINERS));
    const late = portSpec('k5', 'h2', 5, centrals, LOWER_CONTAINERS);
    const object = (kind: HostObject['kind'], name: string, variables: object): HostObject => ({ kind, name, declaredBy: `${OWNER}/${name}`, variables: { ...(variables as Record<string, string>) } });
    const centralObject = (name: string) => object('ovn-central', CENTRAL, centralVariables(name, centrals));
    const chassisObject = (name: string) => object('ovn-chassis', 'br-int', chassisVariables(name, centrals, LOWER_CONTAINERS));
    const portObject = (spec: StaticAttachmentSpec) => object('static-attachment', portVariables(spec).CDN_HOST_IF, portVariables(spec));
    /** The host's reconcile step with this ledger, as Terraform runs it whenever the ledger changes. */
    const reconcile = (name: string, objects: HostObject[]) =>
      ok(name, HOST_RECONCILE_SCRIPT, hostAgentVariables({ subject: `${OWNER} on ${name}`, address: `terraform_data.${name}_agent` }, marks(host(name)), objects));
    const controllerPid = (name: string) => pidIn(join(host(name).stateDirectory, OWNER, 'ovn-chassis', 'ovn-controller.pid'));
    const centralRuns = (name: string) => ['nb', 'sb', 'northd'].every((daemon) => alive(pidIn(join(centralDir(name), `${daemon}.pid`))));

    it('the watcher restores a central whose daemons were killed, and a killed ovn-controller', async () => {
      await reconcile('h1', [centralObject('h1'), chassisObject('h1'), portObject(ports[0]!)]);
      await reconcile('h2', [centralObject('h2'), chassisObject('h2'), portObject(ports[1]!), portObject(late)]);
      await reconcile('h3', [centralObject('h3'), chassisObject('h3'), portObject(ports[2]!)]);
      // h1's central was killed above: its watcher starts it again, and it rejoins its cluster.
      expect(await eventually(() => centralRuns('h1'))).toBe(true);
      expect(
        await eventually(async () => (await host('h1').run('ovn-appctl', ['-t', join(centralDir('h1'), 'sb.ctl'), 'cluster/status', 'OVN_Southbound'], { reject: false })).stdout.includes('Status: cluster member')),
      ).toBe(true);
      const killed = controllerPid('h2');
      process.kill(killed, 'SIGKILL');
      expect(await eventually(() => controllerPid('h2') !== killed && alive(controllerPid('h2')))).toBe(true);
      // Restored means running and connected again, as the check sees it (the new process is up before it is connected).
      const chassisCheck = () => check('h2', CHECK_OVN_CHASSIS_SCRIPT, chassisVariables('h2', centrals, LOWER_CONTAINERS));
      await eventually(async () => {
        const outcome = await chassisCheck();
        return outcome.kind === 'checked' && outcome.drift.length === 0;
      }, 30_000);
      expect(await chassisCheck()).toEqual({ kind: 'checked', drift: [] });
      expect(await eventually(async () => (await everyoneReaches([...ports, late])).length === 0)).toBe(true);
    }, LONG);

    it('an OVN port that left the ledger: its veth, its Open vSwitch port and its logical switch port go', async () => {
      await reconcile('h2', [centralObject('h2'), chassisObject('h2'), portObject(ports[1]!)]);
      const hostInterface = portVariables(late).CDN_HOST_IF;
      expect((await host('h2').run('ip', ['link', 'show', 'dev', hostInterface], { reject: false })).exitCode).not.toBe(0);
      expect((await host('h2').run('ovs-vsctl', ['list-ports', 'br-int'])).stdout).not.toContain(hostInterface);
      expect(await logicalPorts('h2')).not.toContain(late.ovn!.port);
      expect((await host('h2').docker(['exec', late.container, 'ip', '-o', 'link', 'show'])).stdout).not.toContain('eth1');
      // The others keep theirs.
      expect(await logicalPorts('h2')).toEqual(ports.map((s) => s.ovn!.port).sort());
    }, LONG);

    it('a chassis that left the ledger: ovn-controller stops, its chassis and every tunnel to it go, the underlay is as before', async () => {
      const reconciled = await reconcile('h3', [centralObject('h3')]);
      expect(reconciled.stderr).toContain('removing this host\'s OVN chassis (integration bridge br-int)');
      expect(reconciled.stderr).not.toContain('keeping');
      expect(ovnDaemons('h3').filter((command) => command.startsWith('ovn-controller '))).toEqual([]);
      expect(await chassisNames('h2')).toEqual(['h1', 'h2']);
      expect(await logicalPorts('h2')).not.toContain(ports[2]!.ovn!.port);
      expect(await ovsObjects(host('h3'))).toEqual([]);
      expect(await openvswitchIds('h3')).toBe(before.get('h3')!.openvswitch);
      expect((await host('h3').run('ip', ['-o', '-4', 'addr', 'show', 'dev', 'u0'])).stdout).toContain('inet 192.168.77.13/24');
      expect(existsSync(join(host('h3').stateDirectory, OWNER, 'ovn-chassis'))).toBe(false);
      for (const name of ['h1', 'h2']) expect(await eventually(async () => !(await tunnelsOf(name)).includes(underlayIp('h3')), 10_000)).toBe(true);
      expect(await everyoneReaches(ports.slice(0, 2))).toEqual([]);
    }, LONG);

    it('a central that left the ledger: its daemons stop and its files go; nothing of the stack is left on the host', async () => {
      await reconcile('h3', []);
      expect(ovnDaemons('h3')).toEqual([]);
      await host('h3').docker(['rm', '-f', ports[2]!.container]);
      expect(await snapshot('h3')).toEqual(before.get('h3'));
      // It left both clusters first, so the other two no longer count it, and they keep the databases writable.
      for (const [db, schema] of [['nb', 'OVN_Northbound'], ['sb', 'OVN_Southbound']]) {
        const status = (await host('h2').run('ovn-appctl', ['-t', join(centralDir('h2'), `${db}.ctl`), 'cluster/status', schema!])).stdout;
        const servers = (status.match(/ at tcp:[0-9.]+:664[34]/g) ?? []).map((server) => server.split(':')[1]).sort();
        expect(servers).toEqual([underlayIp('h1'), underlayIp('h2')]);
      }
      expect(await nbctl('h2', '--bare', '--columns=name', 'list', 'logical_switch')).toContain(SWITCH);
      expect(await everyoneReaches(ports.slice(0, 2))).toEqual([]);
    }, LONG);
  });
});
