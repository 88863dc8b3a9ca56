import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
const TOOLS = ['ovsdb-tool', 'ovsdb-server', 'ovs-vsctl'];

/**
 * A real Open vSwitch database of a test's own: `ovsdb-server` on a temporary
 * db under its own OVS_RUNDIR, no root needed. No ovs-vswitchd runs, so only
 * `--no-wait` changes and reads answer; enough for the read-only checks.
 */
export class OwnOvsdb {
  private constructor(
    /** OVS_RUNDIR, OVS_LOGDIR and OVS_DBDIR of this database. */
    public readonly env: Record<string, string>,
    private readonly rundir: string,
  ) {}

  /** Starts one; says which Debian package to install when the tools are missing. */
  public static async start(): Promise<OwnOvsdb> {
    const missing: string[] = [];
    for (const tool of TOOLS) if ((await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false })).exitCode !== 0) missing.push(tool);
    if (missing.length || !existsSync(SCHEMA)) {
      throw new Error(`${missing.join(', ') || SCHEMA} not found: apt-get install openvswitch-switch (these tests start an ovsdb-server of their own)`);
    }
    const rundir = mkdtempSync(join(tmpdir(), 'cdn-ovsdb-'));
    const env = { OVS_RUNDIR: rundir, OVS_LOGDIR: rundir, OVS_DBDIR: rundir };
    const db = new OwnOvsdb(env, rundir);
    try {
      await execa('ovsdb-tool', ['create', join(rundir, 'conf.db'), SCHEMA]);
      await execa('ovsdb-server', [join(rundir, 'conf.db'), `--remote=punix:${join(rundir, 'db.sock')}`, '--pidfile', '--detach', '--log-file'], { env });
      await db.vsctl('init');
    } catch (error) {
      await db.stop();
      throw error;
    }
    return db;
  }

  /** ovs-vsctl --no-wait against this database. */
  public vsctl(...args: string[]): Promise<unknown> {
    return execa('ovs-vsctl', ['--timeout=10', '--no-wait', ...args], { env: this.env });
  }

  /** The whole database as text, to compare before and after something that must not change it. */
  public async dump(): Promise<string> {
    return String((await execa('ovsdb-client', ['dump', `unix:${join(this.rundir, 'db.sock')}`], { env: this.env })).stdout);
  }

  /** The server's pid (to freeze it with SIGSTOP). */
  public pid(): number {
    return Number(readFileSync(join(this.rundir, 'ovsdb-server.pid'), 'utf8').trim());
  }

  /** Stops the server (thawing it first) and removes its files. */
  public async stop(): Promise<void> {
    if (existsSync(join(this.rundir, 'ovsdb-server.pid'))) {
      const pid = this.pid();
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(this.rundir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
