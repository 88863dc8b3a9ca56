import { dirname, resolve } from 'node:path';
import { execa } from 'execa';
import { CliError } from './cli-error.js';
import { pathEntry } from './path-entry.js';
import { readSynthOutput, WHAT_TO_PASS, type Topologies } from './synth-output.js';
import { synthesizeRevision } from './synthesize-revision.js';

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

/** Where one side of a diff comes from, checked to exist before anything is synthesized. */
export type TopologySource =
  | { readonly kind: 'directory'; readonly path: string; readonly argument: string }
  | { readonly kind: 'revision'; readonly root: string; readonly revision: string; readonly argument: string };

/**
 * A directory if `source` is one, otherwise a git revision of the repository in
 * the current directory. `argument` names the source in messages (`<old>`, `<new>`).
 * Cheap: both sides of a diff are resolved before either is synthesized, so a
 * typo in the second does not wait for the first to synthesize.
 */
export async function resolveSource(source: string, argument: string): Promise<TopologySource> {
  if (pathEntry(source) === 'directory') return { kind: 'directory', path: resolve(source), argument };
  const root = await repositoryRoot();
  if (root && (await isRevision(root, source))) return { kind: 'revision', root, revision: source, argument };
  const what = `${argument} ${JSON.stringify(source)}`;
  if (pathEntry(source) !== 'missing') {
    throw new CliError(`${what} is a file, not a directory or a git revision. ${WHAT_TO_PASS}, e.g. ${dirname(resolve(source))}`);
  }
  if (!root) {
    throw new CliError(`${what} is neither a directory nor a git revision (${process.cwd()} is not in a git repository, so revisions cannot be used). ${WHAT_TO_PASS}, or run the command inside the repository`);
  }
  throw new CliError(
    `${what} is neither a directory nor a git revision of ${root}. ${WHAT_TO_PASS}, or a revision: a branch, tag, commit or HEAD~1 (fetch a remote branch first: git fetch origin)`,
  );
}

/** The topologies of a resolved source: read from its directory, or synthesized from its revision. */
export async function loadTopologies(source: TopologySource): Promise<Topologies> {
  return source.kind === 'directory'
    ? readSynthOutput(source.path, source.argument).topologies
    : synthesizeRevision(source.root, source.revision, source.argument);
}
