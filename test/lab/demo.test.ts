import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { assertLabPrerequisites } from '../../lab/prerequisites.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'lab', 'demo.ts')];

/** `npm run demo`, the README's main command, as a user runs it. */
describe('npm run demo (lab, root)', () => {
  beforeAll(assertLabPrerequisites);

  it('deploys the fabric on three lab hosts, prints a full connectivity matrix, and cleans up', async () => {
    const result = await execa('node', DEMO, { cwd: ROOT, reject: false, timeout: 280_000, env: { CHECKPOINT_DISABLE: '1' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const matrix = result.stdout.split('\n').filter((line) => /^(ElasticSearch|MongoDB|Tomcat)\s+(-|ok|FAIL)/.test(line));
    expect(matrix).toHaveLength(3);
    for (const row of matrix) expect(row.split(/\s+/).filter((cell) => cell === 'ok')).toHaveLength(2);
    expect(result.stdout).toContain("don't-fragment ping of 1472 bytes: crosses; 1473 bytes: refused, as it must be");
    expect(result.stdout).toMatch(/Deployed topology: .*demo\.out\/stacks\/demo\/cdk\.tf\.json/);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith('cdndemo-'))).toEqual([]);
  }, 300_000);

  it('with --engine ovn deploys the same stack on OVN and prints the same full matrix', async () => {
    const result = await execa('node', [...DEMO, '--engine', 'ovn'], { cwd: ROOT, reject: false, timeout: 280_000, env: { CHECKPOINT_DISABLE: '1' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('the OVN control plane on h1, a chassis (br-int, ovn-controller) per host');
    const matrix = result.stdout.split('\n').filter((line) => /^(ElasticSearch|MongoDB|Tomcat)\s+(-|ok|FAIL)/.test(line));
    expect(matrix).toHaveLength(3);
    for (const row of matrix) expect(row.split(/\s+/).filter((cell) => cell === 'ok')).toHaveLength(2);
    expect(result.stdout).toContain('MTU: containers 1500, underlay 1558 (Geneve adds 58 bytes)');
    expect(result.stdout).toContain("don't-fragment ping of 1472 bytes: crosses; 1473 bytes: refused, as it must be");
    expect(readdirSync('/run/netns').filter((n) => n.startsWith('cdndemo-'))).toEqual([]);
  }, 300_000);

  it('refuses an unknown engine with the usage and exit status 2', async () => {
    const result = await execa('node', [...DEMO, '--engine', 'stt'], { cwd: ROOT, reject: false, env: { CHECKPOINT_DISABLE: '1' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown engine "stt": use mesh or ovn');
    expect(result.stderr).toContain('--engine ovn');
  }, 60_000);

  it('without root says what is missing and how to install it', async () => {
    const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', ...DEMO], {
      cwd: ROOT,
      reject: false,
      env: { HOME: '/tmp', CHECKPOINT_DISABLE: '1' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('- root (the lab creates network namespaces and starts dockerd)');
    expect(result.stderr).toContain('apt-get update && apt-get install -y --no-install-recommends iproute2');
  }, 60_000);
});
