import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { SCRIPT_PRELUDE } from '../../lib/shell/script-prelude.js';
import { WATCHER_CONTROL } from '../../lib/shell/host-agent-scripts.js';

/**
 * On a host run by systemd the watcher is a unit the reconcile step writes. The
 * unit is written here by the same shell function, then checked by
 * `systemd-analyze verify` (the lab has no systemd to start it in).
 */
async function systemdAnalyze(unitFile: string) {
  const result = await execa('systemd-analyze', ['verify', unitFile], { reject: false });
  if (result.failed && result.exitCode === undefined) {
    throw new Error('systemd-analyze is not installed: apt-get install systemd (.ci/run installs it)');
  }
  return result;
}

describe('the watcher unit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeUnit = async () => {
    const file = join(dir, 'cdktf-docker-network-prod.service');
    await execa('sh', ['-c', `${SCRIPT_PRELUDE}${WATCHER_CONTROL}write_unit "$1"\n`, 'sh', file], {
      env: { CDN_SUBJECT: 'prod on h1', CDN_OWNER: 'prod', CDN_STATE_DIR: '/var/lib/cdktf-docker-network' },
    });
    return file;
  };

  it('runs the watcher of the stack after Docker and Open vSwitch, restarts it, and starts at boot', async () => {
    const unit = readFileSync(await writeUnit(), 'utf8');
    expect(unit).toContain('ExecStart=/bin/sh /var/lib/cdktf-docker-network/prod/watch.sh\n');
    expect(unit).toContain('After=docker.service openvswitch-switch.service\n');
    expect(unit).toContain('Restart=always\n');
    expect(unit).toContain('WantedBy=multi-user.target\n');
  });

  it('passes systemd-analyze verify without a finding', async () => {
    const result = await systemdAnalyze(await writeUnit());
    expect({ exitCode: result.exitCode, findings: result.stderr + result.stdout }).toEqual({ exitCode: 0, findings: '' });
  });

  it('systemd-analyze reports a broken unit (the check above is not vacuous)', async () => {
    const file = await writeUnit();
    writeFileSync(file, readFileSync(file, 'utf8').replace('Restart=always', 'Restrat=always'));
    expect((await systemdAnalyze(file)).stderr).toContain("Unknown key 'Restrat'");
  });
});
