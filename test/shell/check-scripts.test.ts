import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckOutput } from '../../lib/shell/check-output.js';
import { CHECK_FABRIC_HOST_SCRIPT, CHECK_FABRIC_TUNNEL_SCRIPT, CHECK_OVN_CENTRAL_SCRIPT, CHECK_OVN_CHASSIS_SCRIPT } from '../../lib/shell/check-scripts.js';
import type { FabricHostVariables, FabricTunnelVariables } from '../../lib/shell/fabric-scripts.js';
import type { OvnCentralVariables, OvnChassisVariables } from '../../lib/shell/ovn-scripts.js';
import { OwnOvsdb } from '../support/own-ovsdb.js';
import { runScript } from './run-script.js';
import { sampleTunnelVariables } from '../support/sample-tunnel.js';

/**
 * The read-only checks against a real Open vSwitch database of the test's own
 * (no root, no ovs-vswitchd): what they report for a tunnel port as planned and
 * for each way it can differ, that they leave the database as it was, and how
 * they stop when a tool is missing or Open vSwitch does not answer. The checks
 * on real links, containers and namespaces run in test/lab/verify-repair.test.ts.
 */
const LONG = 120_000;

const tunnel: FabricTunnelVariables = sampleTunnelVariables('checks');

describe('read-only checks against a real Open vSwitch database', () => {
  let db: OwnOvsdb;
  const check = async (script: string, variables: object, env: Record<string, string> = db.env) => {
    const result = await runScript(script, { env: { ...env, ...(variables as Record<string, string>) }, reapAfterMs: LONG - 20_000 });
    return { exitCode: result.exitCode, outcome: parseCheckOutput(String(result.stdout)), stderr: String(result.stderr) };
  };
  /** The tunnel port as fabric-tunnel-create.sh makes it. */
  const makeTunnel = () =>
    db.vsctl(
      ...['--may-exist', 'add-br', 'br-fab', '--', 'set', 'bridge', 'br-fab', 'datapath_type=netdev'],
      ...['--', '--may-exist', 'add-port', 'br-fab', 'gre-h2', '--', 'set', 'interface', 'gre-h2', 'type=gre'],
      ...['options:remote_ip=192.0.2.2', 'options:key=7', 'external_ids:cdn_fabric=f1', 'external_ids:cdn_owner=checks'],
      ...['--', 'set', 'port', 'gre-h2', 'protected=true'],
    );

  beforeAll(async () => {
    db = await OwnOvsdb.start();
  }, LONG);
  afterAll(() => db?.stop(), LONG);
  beforeEach(async () => {
    await db.vsctl('--if-exists', 'del-br', 'br-fab');
    await makeTunnel();
  });

  it('a tunnel port as planned: no drift, exit 0, nothing on stderr', async () => {
    expect(await check(CHECK_FABRIC_TUNNEL_SCRIPT, tunnel)).toEqual({ exitCode: 0, outcome: { kind: 'checked', drift: [] }, stderr: '' });
  });

  it.each([
    ['with another key', ['set', 'interface', 'gre-h2', 'options:key=8'], 'tunnel port gre-h2 has key 8, planned 7'],
    ['to another remote', ['set', 'interface', 'gre-h2', 'options:remote_ip=192.0.2.9'], 'tunnel port gre-h2 leads to 192.0.2.9, planned 192.0.2.2 (host h2)'],
    ['of another type', ['set', 'interface', 'gre-h2', 'type=vxlan'], 'tunnel port gre-h2 is of type vxlan, planned gre'],
    ['no longer protected', ['set', 'port', 'gre-h2', 'protected=false'], 'tunnel port gre-h2 is not protected, planned protected (loop prevention: protected)'],
    ['without the mark', ['remove', 'interface', 'gre-h2', 'external_ids', 'cdn_owner'], 'tunnel port gre-h2 does not carry the mark of stack checks (external_ids:cdn_owner)'],
    ['deleted', ['del-port', 'gre-h2'], 'tunnel port gre-h2 to host h2 (192.0.2.2) is missing from bridge br-fab'],
    ['gone with its bridge', ['del-br', 'br-fab'], 'tunnel port gre-h2 to host h2 (192.0.2.2) is missing, with its bridge br-fab'],
  ])('a tunnel port %s is reported in words', async (_case, change, words) => {
    await db.vsctl(...change);
    expect(await check(CHECK_FABRIC_TUNNEL_SCRIPT, tunnel)).toEqual({ exitCode: 0, outcome: { kind: 'checked', drift: [words] }, stderr: '' });
  });

  it('STP planned but RSTP on, and the OVS settings of a fabric bridge, are reported; the database is left as it was', async () => {
    await db.vsctl('set', 'bridge', 'br-fab', 'rstp_enable=true', '--', 'set', 'interface', 'br-fab', 'mtu_request=1400', 'external_ids:x=y');
    await db.vsctl('set', 'bridge', 'br-fab', 'external_ids:cdn_owner=checks');
    const host: FabricHostVariables = {
      CDN_SUBJECT: 'fabric f1 on h1',
      CDN_FABRIC: 'f1',
      CDN_OVS_BRIDGE: 'br-fab',
      CDN_DATAPATH: 'system',
      CDN_DOCKER_BRIDGE: 'cdn-no-such-if0',
      CDN_LOOP: 'stp',
      CDN_CONTAINER_MTU: '1500',
      CDN_UNDERLAY_MTU: '1542',
      CDN_RAISE_UNDERLAY: 'yes',
      CDN_UNDERLAY_IF: 'cdn-no-such-if1',
      CDN_UNDERLAY_ADDRESS: '192.0.2.1/24',
      CDN_PHY_BRIDGE: 'br-phy',
      CDN_OWNER: 'checks',
      CDN_STATE_DIR: '/var/lib/cdktf-docker-network',
    };
    const before = await db.dump();
    const result = await check(CHECK_FABRIC_HOST_SCRIPT, host);
    expect(result.exitCode).toBe(0);
    expect(result.outcome).toEqual({
      kind: 'checked',
      drift: [
        "Docker bridge cdn-no-such-if0 is missing: the fabric's Docker network f1 is not on this host",
        'bridge br-fab has the netdev datapath, planned system',
        'STP is off on bridge br-fab, planned on (loop prevention: stp)',
        'RSTP is on on bridge br-fab, planned off (loop prevention: stp)',
        'bridge br-fab has mtu_request=1400 in Open vSwitch, planned 1500',
        // No ovs-vswitchd here, so the bridge has no kernel interface.
        'bridge br-fab has no network interface on this host',
        'underlay interface cdn-no-such-if1 is missing',
      ],
    });
    expect(await db.dump()).toBe(before);
  });

  it('says which Debian package to install when a tool is missing, and stops', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'cdn-only-sh-'));
    try {
      symlinkSync('/bin/sh', join(bin, 'sh'));
      const result = await check(CHECK_FABRIC_TUNNEL_SCRIPT, tunnel, { ...db.env, PATH: bin });
      expect(result).toEqual({
        exitCode: 0,
        outcome: { kind: 'cannot-check', reason: 'ovs-vsctl not found on this host: install the Debian package openvswitch-switch' },
        stderr: '',
      });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('cannot check, and says what to look at, when no Open vSwitch answers', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cdn-no-ovs-'));
    try {
      const result = await check(CHECK_FABRIC_TUNNEL_SCRIPT, tunnel, { OVS_RUNDIR: empty });
      expect(result.outcome).toEqual({ kind: 'cannot-check', reason: 'Open vSwitch does not answer on this host: is it running? (systemctl status openvswitch-switch)' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('stops without "checked" after its bounded wait when the database hangs (ovsdb-server frozen)', async () => {
    const pid = db.pid();
    process.kill(pid, 'SIGSTOP');
    try {
      const result = await check(CHECK_FABRIC_TUNNEL_SCRIPT, tunnel);
      expect(result.exitCode).toBe(1);
      expect(result.outcome.kind).toBe('incomplete');
      expect(result.stderr).toMatch(/\[fabric f1 tunnel h1 → h2\]: Open vSwitch did not answer within \d+ s while asking Open vSwitch/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }, LONG);

  describe('of the OVN kinds', () => {
    let state: string;
    beforeAll(() => {
      state = mkdtempSync(join(tmpdir(), 'cdn-ovn-state-'));
    });
    afterAll(() => rmSync(state, { recursive: true, force: true }));
    const chassis = (): OvnChassisVariables => ({
      CDN_SUBJECT: 'fabric f1 OVN chassis h1',
      CDN_FABRIC: 'f1',
      CDN_OVS_BRIDGE: 'br-int',
      CDN_DATAPATH: 'netdev',
      CDN_UNDERLAY_MTU: '1500',
      CDN_RAISE_UNDERLAY: 'no',
      CDN_UNDERLAY_IF: 'cdn-no-such-if1',
      CDN_UNDERLAY_ADDRESS: '192.0.2.1/24',
      CDN_PHY_BRIDGE: 'br-phy',
      CDN_OVN_SYSTEM_ID: 'h1',
      CDN_OVN_REMOTE: 'tcp:192.0.2.11:6642,tcp:192.0.2.12:6642',
      CDN_OVN_ENCAP_TYPE: 'geneve',
      CDN_OVN_ENCAP_IP: '192.0.2.1',
      CDN_OWNER: 'checks',
      CDN_STATE_DIR: state,
    });
    /** The integration bridge and the Open vSwitch settings as ovn-chassis-create.sh makes them. */
    const makeChassis = async () => {
      await db.vsctl('--if-exists', 'del-br', 'br-int');
      await db.vsctl(
        ...['add-br', 'br-int', '--', 'set', 'bridge', 'br-int', 'datapath_type=netdev', 'fail-mode=secure', 'other-config:disable-in-band=true'],
        ...['external_ids:cdn_owner=checks', 'external_ids:cdn_role=ovn-integration'],
      );
      await db.vsctl(
        ...['set', 'open_vswitch', '.', 'external_ids:system-id=h1', 'external_ids:ovn-remote="tcp:192.0.2.11:6642,tcp:192.0.2.12:6642"'],
        ...['external_ids:ovn-encap-type=geneve', 'external_ids:ovn-encap-ip=192.0.2.1', 'external_ids:ovn-bridge=br-int', 'external_ids:ovn-bridge-datapath-type=netdev'],
      );
    };
    const notRunning = 'ovn-controller of chassis h1 (fabric f1) is not running';
    // No ovs-vswitchd and no such interface here: the underlay part always differs.
    const underlay = ['underlay interface cdn-no-such-if1 is missing', 'Open vSwitch bridge br-phy, which holds the underlay address 192.0.2.1/24, is missing'];

    it('a chassis as planned but for its daemon and underlay: only those are reported, and the database is left as it was', async () => {
      await makeChassis();
      const before = await db.dump();
      expect(await check(CHECK_OVN_CHASSIS_SCRIPT, chassis())).toEqual({ exitCode: 0, outcome: { kind: 'checked', drift: [notRunning, ...underlay] }, stderr: '' });
      expect(await db.dump()).toBe(before);
    });

    it.each([
      ['another southbound remote', ['set', 'open_vswitch', '.', 'external_ids:ovn-remote="tcp:192.0.2.99:6642"'], 'Open vSwitch has external_ids:ovn-remote=tcp:192.0.2.99:6642, planned tcp:192.0.2.11:6642,tcp:192.0.2.12:6642'],
      ['no system-id', ['remove', 'open_vswitch', '.', 'external_ids', 'system-id'], 'Open vSwitch has no external_ids:system-id, planned h1'],
      ['fail-mode standalone', ['del-fail-mode', 'br-int'], 'bridge br-int is not in fail-mode secure: without OVN\'s flows it would forward everything'],
      ['in-band control on', ['remove', 'bridge', 'br-int', 'other-config', 'disable-in-band'], 'bridge br-int does not have other-config:disable-in-band=true'],
      ['its mark removed', ['remove', 'bridge', 'br-int', 'external_ids', 'cdn_owner'], 'bridge br-int does not carry the mark of stack checks (external_ids:cdn_owner)'],
      ['its integration bridge deleted', ['del-br', 'br-int'], 'OVN integration bridge br-int of fabric f1 is missing'],
    ])('a chassis with %s is reported in words', async (_case, change, words) => {
      await makeChassis();
      await db.vsctl(...change);
      expect((await check(CHECK_OVN_CHASSIS_SCRIPT, chassis())).outcome).toEqual({ kind: 'checked', drift: [words, notRunning, ...underlay] });
    });

    it('an OVN central that is not on the host is reported, not an error', async () => {
      const central: OvnCentralVariables = {
        CDN_SUBJECT: 'fabric f1 OVN central cdnc-1',
        CDN_FABRIC: 'f1',
        CDN_OVN_CENTRAL: 'cdnc-1',
        CDN_OVN_LISTEN_IP: '192.0.2.11',
        CDN_OVN_CLUSTER: '192.0.2.11',
        CDN_OVN_SWITCH: 'f1-ls',
        CDN_OWNER: 'checks',
        CDN_STATE_DIR: state,
      };
      expect(await check(CHECK_OVN_CENTRAL_SCRIPT, central)).toEqual({
        exitCode: 0,
        outcome: { kind: 'checked', drift: [`OVN central cdnc-1 of fabric f1 is missing from this host (no ${join(state, 'checks', 'ovn-central', 'cdnc-1')})`] },
        stderr: '',
      });
    });
  });

  it('never needs a value in its text: the same script checks any tunnel', async () => {
    await db.vsctl('add-port', 'br-fab', 'vxlan-h3', '--', 'set', 'interface', 'vxlan-h3', 'type=vxlan', 'options:remote_ip=192.0.2.3', 'options:key=9', 'external_ids:cdn_owner=other');
    const other = { ...tunnel, CDN_TUNNEL_PORT: 'vxlan-h3', CDN_TUNNEL_TYPE: 'vxlan', CDN_REMOTE_IP: '192.0.2.3', CDN_REMOTE_HOST: 'h3', CDN_TUNNEL_KEY: '9', CDN_OWNER: 'other' };
    expect((await check(CHECK_FABRIC_TUNNEL_SCRIPT, other)).outcome).toEqual({
      kind: 'checked',
      drift: ['tunnel port vxlan-h3 is not protected, planned protected (loop prevention: protected)'],
    });
  });
});
