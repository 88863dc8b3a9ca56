import {
  FABRIC_TUNNEL_CREATE_SCRIPT,
  FABRIC_TUNNEL_TEARDOWN_SCRIPT,
  type FabricTunnelVariables,
} from '../../lib/shell/fabric-scripts.js';
import { runScript } from './run-script.js';
import { OwnOvsdb } from '../support/own-ovsdb.js';
import { sampleTunnelVariables } from '../support/sample-tunnel.js';

/**
 * Bounded waits against a real Open vSwitch database: an `ovsdb-server` of the
 * test's own (temporary db, own OVS_RUNDIR; no root needed), frozen with
 * SIGSTOP, and the real fabric scripts pointed at it. No ovs-vswitchd runs, so
 * a change the database accepts is never applied: the case of a dead switch.
 * The hung steps end after the scripts' own bound, shortened here through the
 * host environment's CDN_WAIT_SECONDS (30 s by default); the jest timeout only
 * has to be longer.
 */
const LONG = 180_000;

const variables: FabricTunnelVariables = sampleTunnelVariables('timeouts');
/** The bound the hung steps get, through the host's environment. */
const WAIT_SECONDS = 3;

describe('Open vSwitch steps have a bounded wait (real ovsdb-server)', () => {
  let ovsdb: OwnOvsdb;
  const vsctl = (...args: string[]) => ovsdb.vsctl(...args);
  const run = (script: string, env: Record<string, string> = { CDN_WAIT_SECONDS: String(WAIT_SECONDS) }) =>
    runScript(script, { env: { ...ovsdb.env, ...variables, ...env }, reapAfterMs: LONG - 30_000 });

  beforeAll(async () => {
    ovsdb = await OwnOvsdb.start();
  }, LONG);

  afterAll(async () => {
    await ovsdb?.stop();
  }, LONG);

  it('reaches this database through OVS_RUNDIR (the teardown of a missing port succeeds)', async () => {
    const result = await run(FABRIC_TUNNEL_TEARDOWN_SCRIPT);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
  }, LONG);

  it('fails the step, naming it and the fix, when ovs-vswitchd never applies a change', async () => {
    await vsctl('add-br', variables.CDN_OVS_BRIDGE);
    try {
      const result = await run(FABRIC_TUNNEL_CREATE_SCRIPT);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /\[fabric f1 tunnel h1 → h2\]: Open vSwitch did not answer within 3 s while adding gre port gre-h2 to h2 \(192\.0\.2\.2\): are ovsdb-server and ovs-vswitchd running\? \(systemctl status openvswitch-switch\)/,
      );
      expect(result.stderr).toContain('failed while adding gre port gre-h2 to h2 (192.0.2.2) (exit 1)');
    } finally {
      await vsctl('--if-exists', 'del-br', variables.CDN_OVS_BRIDGE);
    }
  }, LONG);

  it('fails the step, naming it and the fix, when the database does not answer (ovsdb-server frozen)', async () => {
    const pid = ovsdb.pid();
    process.kill(pid, 'SIGSTOP');
    try {
      const result = await run(FABRIC_TUNNEL_CREATE_SCRIPT);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /\[fabric f1 tunnel h1 → h2\]: Open vSwitch did not answer within 3 s while checking bridge br-fab: are ovsdb-server and ovs-vswitchd running\? \(systemctl status openvswitch-switch\)/,
      );
      expect(result.stderr).toContain('failed while checking bridge br-fab (exit 1)');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }, LONG);

  it.each(['0', '030', '5s', ' 5', '-1'])('refuses CDN_WAIT_SECONDS=%j before doing anything, saying what it must be', async (value) => {
    const result = await run(FABRIC_TUNNEL_TEARDOWN_SCRIPT, { CDN_WAIT_SECONDS: value });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`CDN_WAIT_SECONDS in this host's environment must be a whole number of seconds from 1, not '${value}'`);
  });
});
