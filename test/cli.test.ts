import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { synthFabricApp } from './support/fabric-app.js';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'bin', 'cdktf-docker-network.ts');
const cli = (args: string[], cwd = ROOT) => execa('node', [TSX, CLI, ...args], { cwd, reject: false, env: { CHECKPOINT_DISABLE: '1' } });

describe('cdktf-docker-network CLI', () => {
  const before = synthFabricApp();
  const same = synthFabricApp();
  const after = synthFabricApp({ publishMongo: { hostIp: '0.0.0.0' }, fabric: { loopPrevention: 'stp' } });
  afterAll(() => [before, same, after].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('diff exits 0 and says so when nothing changed', async () => {
    const result = await cli(['diff', before, same]);
    expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: 0, stdout: 'no network changes' });
  });

  it('diff exits 1 and explains the changes, in text, markdown and json', async () => {
    const text = await cli(['diff', before, after]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('    + MongoDB: port 27017 now published on 0.0.0.0:27017   [risk: port newly published on all interfaces]');
    const markdown = await cli(['diff', before, after, '--format', 'markdown']);
    expect(markdown.exitCode).toBe(1);
    expect(markdown.stdout).toContain('### Network changes');
    const json = await cli(['diff', join(before, 'stacks', 'shop'), join(after, 'stacks', 'shop'), '--format', 'json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      risky: 2,
      changes: [
        { stack: 'shop', scope: 'host host-b', sign: '+', text: 'MongoDB: port 27017 now published on 0.0.0.0:27017', risk: 'port newly published on all interfaces' },
        { stack: 'shop', scope: 'fabric shop-fabric', sign: '~', text: 'loop prevention protected → stp', risk: 'loop-prevention change' },
      ],
    });
  });

  it('diff exits 2 with a clear message on a source that is neither a directory nor a revision', async () => {
    const result = await cli(['diff', before, '/nonexistent/out'], tmpdir());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"/nonexistent/out" is neither a directory nor a git revision');
  });

  it('graph prints Mermaid or DOT for a stack', async () => {
    const mermaid = await cli(['graph', 'shop', '--dir', before]);
    expect(mermaid.exitCode).toBe(0);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.stdout).toContain('<-->|"gre shop-fabric mtu 1500"|');
    const dot = await cli(['graph', 'shop', '--dir', before, '--format', 'dot']);
    expect(dot.stdout.startsWith('digraph "shop" {')).toBe(true);
    const missing = await cli(['graph', 'nope', '--dir', before]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('no stack "nope" in');
  });

  it('diffs two git revisions, synthesizing each in a temporary worktree', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'cdn-git-'));
    try {
      const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo });
      await git('init', '-q');
      const app = (mongoPublished: boolean) => `
import { App, TerraformStack } from ${JSON.stringify(join(ROOT, 'lib', 'constructs', 'cdktf.js'))};
import { ContainerPort, DockerHost, Service } from ${JSON.stringify(join(ROOT, 'lib', 'index.js'))};
const app = new App();
const stack = new TerraformStack(app, 'web');
const host = new DockerHost(stack, 'local');
const db = new Service(stack, 'MongoDB', { host, image: 'mongo:7.0', exposedPorts: [ContainerPort.tcp(27017)] });
${mongoPublished ? 'db.publish(ContainerPort.tcp(27017));' : ''}
app.synth();
`;
      writeFileSync(join(repo, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${TSX} app.ts` }));
      writeFileSync(join(repo, 'app.ts'), app(false));
      await git('add', '.');
      await git('commit', '-qm', 'one');
      writeFileSync(join(repo, 'app.ts'), app(true));
      await git('commit', '-qam', 'two');

      const result = await cli(['diff', 'HEAD~1', 'HEAD'], repo);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('+ MongoDB: port 27017 now published on 0.0.0.0:27017   [risk: port newly published on all interfaces]');
      const unchanged = await cli(['diff', 'HEAD', 'HEAD'], repo);
      expect(unchanged.exitCode).toBe(0);
      expect((await git('worktree', 'list')).stdout.split('\n')).toHaveLength(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 120_000);
});
