import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import {
  FABRIC_TUNNEL_CREATE_SCRIPT,
  FABRIC_TUNNEL_TEARDOWN_SCRIPT,
  type FabricTunnelVariables,
} from '../../lib/shell/fabric-scripts.js';
import { runScript } from './run-script.js';
import { sampleTunnelVariables } from '../support/sample-tunnel.js';

/**
 * Bounded waits against a real Open vSwitch database: an `ovsdb-server` of the
 * test's own (temporary db, own OVS_RUNDIR; no root needed), frozen with
 * SIGSTOP, and the real fabric scripts pointed at it. No ovs-vswitchd runs, so
 * a change the database accepts is never applied: the case of a dead switch.
 * The hung steps end after the scripts' own timeout; the jest timeout only has
 * to be longer.
 */
const LONG = 180_000;
const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
const TOOLS = ['ovsdb-tool', 'ovsdb-server', 'ovs-vsctl'];

const variables: FabricTunnelVariables = sampleTunnelVariables('timeouts');

describe('Open vSwitch steps have a bounded wait (real ovsdb-server)', () => {
  let rundir: string;
  let ovsEnv: Record<string, string>;
  const serverPid = () => Number(readFileSync(join(rundir, 'ovsdb-server.pid'), 'utf8').trim());
  const vsctl = (...args: string[]) => execa('ovs-vsctl', ['--timeout=10', ...args], { env: ovsEnv });
  const run = (script: string) => runScript(script, { env: { ...ovsEnv, ...variables }, reapAfterMs: LONG - 30_000 });

  beforeAll(async () => {
    const missing = [];
    for (const tool of TOOLS) if ((await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false })).exitCode !== 0) missing.push(tool);
    if (missing.length || !existsSync(SCHEMA)) {
      throw new Error(`${missing.join(', ') || SCHEMA} not found: apt-get install openvswitch-switch (these tests start an ovsdb-server of their own)`);
    }
    rundir = mkdtempSync(join(tmpdir(), 'cdn-ovsdb-'));
    ovsEnv = { OVS_RUNDIR: rundir, OVS_LOGDIR: rundir, OVS_DBDIR: rundir };
    await execa('ovsdb-tool', ['create', join(rundir, 'conf.db'), SCHEMA]);
    await execa('ovsdb-server', [join(rundir, 'conf.db'), `--remote=punix:${join(rundir, 'db.sock')}`, '--pidfile', '--detach', '--log-file'], { env: ovsEnv });
    await vsctl('--no-wait', 'init');
  }, LONG);

  afterAll(async () => {
    if (rundir && existsSync(join(rundir, 'ovsdb-server.pid'))) {
      const pid = serverPid();
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (rundir) rmSync(rundir, { recursive: true, force: true });
  }, LONG);

  it('reaches this database through OVS_RUNDIR (the teardown of a missing port succeeds)', async () => {
    const result = await run(FABRIC_TUNNEL_TEARDOWN_SCRIPT);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
  }, LONG);

  it('fails the step, naming it and the fix, when ovs-vswitchd never applies a change', async () => {
    await vsctl('--no-wait', 'add-br', variables.CDN_OVS_BRIDGE);
    try {
      const result = await run(FABRIC_TUNNEL_CREATE_SCRIPT);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /\[fabric f1 tunnel h1 → h2\]: Open vSwitch did not answer within \d+ s while adding gre port gre-h2 to h2 \(192\.0\.2\.2\): are ovsdb-server and ovs-vswitchd running\? \(systemctl status openvswitch-switch\)/,
      );
      expect(result.stderr).toContain('failed while adding gre port gre-h2 to h2 (192.0.2.2) (exit 1)');
    } finally {
      await vsctl('--no-wait', '--if-exists', 'del-br', variables.CDN_OVS_BRIDGE);
    }
  }, LONG);

  it('fails the step, naming it and the fix, when the database does not answer (ovsdb-server frozen)', async () => {
    const pid = serverPid();
    process.kill(pid, 'SIGSTOP');
    try {
      const result = await run(FABRIC_TUNNEL_CREATE_SCRIPT);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /\[fabric f1 tunnel h1 → h2\]: Open vSwitch did not answer within \d+ s while checking bridge br-fab: are ovsdb-server and ovs-vswitchd running\? \(systemctl status openvswitch-switch\)/,
      );
      expect(result.stderr).toContain('failed while checking bridge br-fab (exit 1)');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }, LONG);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
