import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { TOPOLOGY_SCHEMA_VERSION, type TopologyDocument } from '../report/topology-document.js';

/** Topologies by stack name. */
export type Topologies = Map<string, TopologyDocument>;

/** A user-facing error of the CLI (exit status 2, like diff's trouble). */
export class CliError extends Error {}

function readTopology(file: string): TopologyDocument {
  const document = JSON.parse(readFileSync(file, 'utf8')) as TopologyDocument;
  if (document.schemaVersion !== TOPOLOGY_SCHEMA_VERSION) {
    throw new CliError(`${file} has schema version ${document.schemaVersion}; this tool reads version ${TOPOLOGY_SCHEMA_VERSION}. Synthesize both sides with the same library version`);
  }
  return document;
}

/**
 * The topologies under `dir`: a synth output directory (`stacks/<name>/topology.json`)
 * or one stack's directory (`topology.json`).
 */
export function readTopologies(dir: string): Topologies {
  const topologies: Topologies = new Map();
  if (existsSync(join(dir, 'topology.json'))) {
    const document = readTopology(join(dir, 'topology.json'));
    topologies.set(document.stack, document);
    return topologies;
  }
  const stacks = join(dir, 'stacks');
  if (existsSync(stacks)) {
    for (const name of readdirSync(stacks).sort()) {
      const file = join(stacks, name, 'topology.json');
      if (existsSync(file)) topologies.set(name, readTopology(file));
    }
  }
  if (topologies.size === 0) {
    throw new CliError(`${dir} holds no topology.json (neither ${join(dir, 'topology.json')} nor ${join(stacks, '*', 'topology.json')}). Run npx cdktf synth first`);
  }
  return topologies;
}

/** The git repository holding the current directory, or `undefined`. */
async function repositoryRoot(): Promise<string | undefined> {
  const result = await execa('git', ['rev-parse', '--show-toplevel'], { reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** True when `revision` names a commit of the repository. */
async function isRevision(root: string, revision: string): Promise<boolean> {
  if (revision.startsWith('-')) return false;
  const result = await execa('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { reject: false });
  return result.exitCode === 0;
}

/**
 * Synthesizes `revision` in a temporary worktree with the app command of its
 * cdktf.json (borrowing this checkout's node_modules when it has none), and
 * reads the topologies it wrote. The worktree is removed afterwards.
 */
export async function synthesizeRevision(root: string, revision: string): Promise<Topologies> {
  const scratch = mkdtempSync(join(tmpdir(), 'cdn-diff-'));
  const worktree = join(scratch, 'worktree');
  const outdir = join(scratch, 'out');
  await execa('git', ['-C', root, 'worktree', 'add', '--detach', '--quiet', worktree, revision]);
  try {
    if (!existsSync(join(worktree, 'node_modules')) && existsSync(join(root, 'node_modules'))) {
      symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'), 'dir');
    }
    const config = join(worktree, 'cdktf.json');
    if (!existsSync(config)) throw new CliError(`revision ${revision} has no cdktf.json, so there is no app to synthesize`);
    const app = (JSON.parse(readFileSync(config, 'utf8')) as { app?: string }).app;
    if (!app) throw new CliError(`cdktf.json of revision ${revision} names no "app"`);
    const result = await execa(app, {
      shell: true,
      cwd: worktree,
      reject: false,
      env: { CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      timeout: 300_000,
    });
    if (result.exitCode !== 0) {
      throw new CliError(`synthesizing revision ${revision} failed (exit ${result.exitCode}):\n${String(result.stderr).slice(-2000)}`);
    }
    if (!existsSync(join(outdir, 'stacks')) || readdirSync(join(outdir, 'stacks')).every((s) => !existsSync(join(outdir, 'stacks', s, 'topology.json')))) {
      throw new CliError(`revision ${revision} synthesized, but wrote no topology.json: its code predates topology reports, or defines no DockerHost`);
    }
    return readTopologies(outdir);
  } finally {
    await execa('git', ['-C', root, 'worktree', 'remove', '--force', worktree], { reject: false });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A directory if `source` is one, otherwise a git revision of the repository in the current directory. */
export async function loadTopologies(source: string): Promise<Topologies> {
  if (existsSync(source) && statSync(source).isDirectory()) return readTopologies(resolve(source));
  const root = await repositoryRoot();
  if (root && (await isRevision(root, source))) return synthesizeRevision(root, source);
  throw new CliError(`${JSON.stringify(source)} is neither a directory nor a git revision${root ? '' : ' (and the current directory is not in a git repository)'}`);
}
