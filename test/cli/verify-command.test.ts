import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TopologyDocument, TopologyHost } from '../../lib/report/topology-document.js';
import { writeSynthOutput } from '../report/sample-topology.js';
import { OwnOvsdb } from '../support/own-ovsdb.js';
import { sampleTunnelVariables } from '../support/sample-tunnel.js';

/**
 * `verify` as a user runs it (node + tsx + bin/cdktf-docker-network.ts) on a
 * host reached locally, against a real Open vSwitch database of the test's own
 * (no root): exit 0 as planned, 1 on drift in each format, 2 when a host
 * cannot be checked. The lab test (test/lab/verify-repair.test.ts) runs verify
 * and repair on real links, containers and tunnels.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'bin', 'cdktf-docker-network.ts');

const tunnelVariables: Record<string, string> = { ...sampleTunnelVariables('checks') };
const host = (name: string, reach: TopologyHost['reach']): TopologyHost => ({
  name,
  endpoint: 'unix:///var/run/docker.sock',
  access: reach!.kind,
  containers: 'external',
  reach,
  owner: 'checks',
  stateDirectory: '/var/lib/cdktf-docker-network',
  objects: [{ kind: 'fabric-tunnel', name: 'gre-h2', declaredBy: 'checks/fabric/h1-to-h2', variables: tunnelVariables }],
});
const topology = (hosts: TopologyHost[]): TopologyDocument => ({ schemaVersion: 2, stack: 'checks', hosts, networks: [], services: [], fabrics: [] });

describe('cdktf-docker-network verify', () => {
  let db: OwnOvsdb;
  let local: string;
  let work: string;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    execa(process.execPath, [TSX, CLI, ...args], { cwd: ROOT, reject: false, env: { CHECKPOINT_DISABLE: '1', ...db.env, ...env } });

  beforeAll(async () => {
    db = await OwnOvsdb.start();
    work = mkdtempSync(join(tmpdir(), 'cdn-verify-cli-'));
    local = join(writeSynthOutput({ checks: topology([host('h1', { kind: 'local' })]) }), 'stacks', 'checks');
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
    for (const dir of [work, local && join(local, '..', '..')]) if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.vsctl('--if-exists', 'del-br', 'br-fab');
    await db.vsctl(
      ...['add-br', 'br-fab', '--', 'add-port', 'br-fab', 'gre-h2', '--', 'set', 'interface', 'gre-h2', 'type=gre', 'options:remote_ip=192.0.2.2', 'options:key=7'],
      ...['external_ids:cdn_owner=checks', '--', 'set', 'port', 'gre-h2', 'protected=true'],
    );
  });

  it('exits 0 and says so when the host is as planned', async () => {
    const result = await cli(['verify', local]);
    expect({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }).toEqual({
      exitCode: 0,
      stdout: 'stack checks\n  host h1: 1 object as planned\n\nno drift: 1 object on 1 host as planned',
      stderr: '',
    });
  });

  it('exits 1 and says what drifted, in text, markdown and json', async () => {
    await db.vsctl('set', 'interface', 'gre-h2', 'options:key=8');
    const text = await cli(['verify', local]);
    expect({ exitCode: text.exitCode, stdout: text.stdout }).toEqual({
      exitCode: 1,
      stdout: ['stack checks', '  host h1', '    fabric f1 tunnel gre-h2 to h2', '      ! tunnel port gre-h2 has key 8, planned 7', '', '1 drifted object on 1 host'].join('\n'),
    });
    const markdown = await cli(['verify', local, '--format', 'markdown']);
    expect(markdown.exitCode).toBe(1);
    expect(markdown.stdout).toContain('- `fabric f1 tunnel gre-h2 to h2`\n  - `tunnel port gre-h2 has key 8, planned 7`');
    const json = await cli(['verify', join(local, '..', '..'), '--stack', 'checks', '--format', 'json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      status: 'drift',
      stack: 'checks',
      hosts: [
        {
          host: 'h1',
          checkedObjects: 1,
          objects: [{ kind: 'fabric-tunnel', name: 'gre-h2', subject: 'fabric f1 tunnel gre-h2 to h2', declaredBy: 'checks/fabric/h1-to-h2', drift: ['tunnel port gre-h2 has key 8, planned 7'] }],
        },
      ],
    });
  });

  it('exits 2 when a host cannot be reached, still reporting the hosts it could check', async () => {
    const gone = writeSynthOutput({
      checks: topology([host('h1', { kind: 'local' }), host('h2', { kind: 'lab-namespace', namespace: 'cdn-no-such-namespace', environment: {} })]),
    });
    try {
      const result = await cli(['verify', gone]);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toContain('  host h1: 1 object as planned\n  host h2\n    could not check: lab namespace cdn-no-such-namespace does not exist');
      expect(result.stdout).toContain('no drift: 1 object on 1 host as planned; 1 host could not be checked');
      expect(result.stderr).toBe(
        "cdktf-docker-network: could not check host h2: lab namespace cdn-no-such-namespace does not exist (no /run/netns/cdn-no-such-namespace): start the lab, or check the host's access in the code",
      );
    } finally {
      rmSync(gone, { recursive: true, force: true });
    }
  });

  it('exits 2 and names the Debian package when a tool is missing on the host', async () => {
    const bin = join(work, 'only-sh');
    await execa('mkdir', ['-p', bin]);
    symlinkSync('/bin/sh', join(bin, 'sh'));
    const result = await cli(['verify', local], { PATH: bin });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('    could not check: ovs-vsctl not found on this host: install the Debian package openvswitch-switch');
    expect(result.stderr).toBe('cdktf-docker-network: could not check host h1: ovs-vsctl not found on this host: install the Debian package openvswitch-switch');
  });

  it('exits 2 when a host takes longer than --timeout, and the checks stop', async () => {
    const pid = db.pid();
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const result = await cli(['verify', local, '--timeout', '2']);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe('cdktf-docker-network: could not check host h1: this machine did not finish within 2 s, while asking Open vSwitch');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }, 60_000);

  it('changes nothing it checks', async () => {
    await db.vsctl('set', 'interface', 'gre-h2', 'options:key=8');
    const before = await db.dump();
    expect((await cli(['verify', local])).exitCode).toBe(1);
    expect(await db.dump()).toBe(before);
  });
});
