import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CliError } from './cli-error.js';
import { describeFsError } from './fs-error.js';
import { pathEntry } from './path-entry.js';
import { SYNTH_COMMAND } from './synth-command.js';
import { readSynthOutput, type Topologies } from './synth-output.js';

/** The `app` command of a revision's cdktf.json, or a CliError saying what is wrong with it. */
function appCommand(config: string, revision: string): string {
  if (pathEntry(config) === 'missing') {
    throw new CliError(`revision ${revision} has no cdktf.json, so there is no app to synthesize. Compare revisions of a cdktf project, or synthesize that revision yourself and pass its output directory`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(config, 'utf8'));
  } catch (error) {
    throw new CliError(`cdktf.json of revision ${revision} cannot be read as JSON: ${error instanceof SyntaxError ? error.message : describeFsError(error)}. Fix it in that revision, or compare synth output directories instead`);
  }
  const app = typeof parsed === 'object' && parsed !== null ? (parsed as { app?: unknown }).app : undefined;
  if (typeof app !== 'string' || app.trim() === '') {
    throw new CliError(`cdktf.json of revision ${revision} names no "app" (the command that synthesizes its stacks, e.g. "npx tsx main.ts"). Add one in that revision, or compare synth output directories instead`);
  }
  return app;
}

/**
 * Synthesizes `revision` in a temporary worktree with the app command of its
 * cdktf.json (borrowing this checkout's node_modules when it has none), and
 * reads the topologies it wrote. The worktree is removed afterwards.
 */
export async function synthesizeRevision(root: string, revision: string, argument: string): Promise<Topologies> {
  const scratch = mkdtempSync(join(tmpdir(), 'cdn-diff-'));
  const worktree = join(scratch, 'worktree');
  const outdir = join(scratch, 'out');
  try {
    const checkout = await execa('git', ['-C', root, 'worktree', 'add', '--detach', '--quiet', worktree, revision], { reject: false });
    if (checkout.exitCode !== 0) {
      throw new CliError(`cannot check out revision ${revision} (${argument}) into a temporary worktree; git said: ${String(checkout.stderr).trim()}. Check that \`git worktree add --detach <dir> ${revision}\` works in ${root}`);
    }
    if (pathEntry(join(worktree, 'node_modules')) === 'missing' && pathEntry(join(root, 'node_modules')) === 'directory') {
      symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'), 'dir');
    }
    const app = appCommand(join(worktree, 'cdktf.json'), revision);
    const result = await execa(app, {
      shell: true,
      cwd: worktree,
      reject: false,
      env: { CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      timeout: 300_000,
    });
    if (result.exitCode !== 0) {
      const how = result.timedOut ? 'did not finish within 5 minutes' : `exited with status ${result.exitCode}`;
      throw new CliError(
        `synthesizing revision ${revision} (${argument}) failed: its app \`${app}\` ${how}. Its last output:\n${String(result.stderr).slice(-2000)}\n` +
          `Make ${SYNTH_COMMAND} succeed at that revision, or compare synth output directories instead`,
      );
    }
    const stacksDir = join(outdir, 'stacks');
    const stacks = pathEntry(stacksDir) === 'directory' ? readdirSync(stacksDir) : [];
    if (!stacks.some((stack) => pathEntry(join(stacksDir, stack, 'topology.json')) !== 'missing')) {
      throw new CliError(
        `revision ${revision} (${argument}) synthesized, but wrote no topology.json: its code predates topology reports of cdktf-docker-network, or defines no DockerHost. Compare a later revision`,
      );
    }
    return readSynthOutput(outdir, argument, `the synth of revision ${revision}`).topologies;
  } finally {
    await execa('git', ['-C', root, 'worktree', 'remove', '--force', worktree], { reject: false });
    rmSync(scratch, { recursive: true, force: true });
  }
}
