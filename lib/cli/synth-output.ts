import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compare, type TopologyDocument } from '../report/topology-document.js';
import { CliError } from './cli-error.js';
import { describeFsError } from './fs-error.js';
import { pathEntry } from './path-entry.js';
import { SYNTH_COMMAND } from './synth-command.js';
import { readTopologyFile } from './topology-file.js';

/** Topologies by stack name. */
export type Topologies = Map<string, TopologyDocument>;

/** What a synth output (or one stack's directory) holds for review. */
export interface SynthOutput {
  /** The directory read, absolute. */
  readonly dir: string;
  readonly topologies: Topologies;
  /** Stacks with a directory but no topology.json: no DockerHost, or synthesized before topology reports. */
  readonly stacksWithoutTopology: readonly string[];
}

/** Which directory that is, after "the directory it writes". */
const WHICH_DIRECTORY = '(cdktf.out unless cdktf.json sets "output"), or one stack\'s directory in it (cdktf.out/stacks/<stack>)';

/** How to fix a path that is not a synth output, for messages. */
export const WHAT_TO_PASS = `Pass the directory that ${SYNTH_COMMAND} writes ${WHICH_DIRECTORY}`;

/**
 * The topologies under `dir`: a synth output directory (`stacks/<name>/topology.json`)
 * or one stack's directory (`topology.json`). `argument` names where `dir` came
 * from on the command line (`--dir`, `<old>`), and `label`, if given, replaces
 * `dir` in messages (a revision's synth lives in a temporary directory).
 */
export function readSynthOutput(dir: string, argument: string, label?: string): SynthOutput {
  dir = resolve(dir);
  const where = label ?? `${argument} ${dir}`;
  const shown = (file: string) => (label ? `${relative(dir, file)} in ${label}` : file);
  const kind = pathEntry(dir);
  if (kind === 'missing') throw new CliError(`${where}: no such directory. Run ${SYNTH_COMMAND} first, or pass the directory it writes ${WHICH_DIRECTORY}`);
  if (kind !== 'directory') throw new CliError(`${where} is not a directory. ${WHAT_TO_PASS}`);

  const topologies: Topologies = new Map();
  const single = join(dir, 'topology.json');
  if (pathEntry(single) !== 'missing') {
    const document = readTopologyFile(single, shown(single));
    topologies.set(document.stack, document);
    return { dir, topologies, stacksWithoutTopology: [] };
  }
  const stacksDir = join(dir, 'stacks');
  const stacksWithoutTopology: string[] = [];
  if (pathEntry(stacksDir) === 'directory') {
    let names: string[];
    try {
      names = readdirSync(stacksDir).sort(compare);
    } catch (error) {
      throw new CliError(`cannot list ${shown(stacksDir)}: ${describeFsError(error)}. Make it readable, or synthesize again with ${SYNTH_COMMAND}`);
    }
    for (const name of names) {
      if (pathEntry(join(stacksDir, name)) !== 'directory') continue;
      const file = join(stacksDir, name, 'topology.json');
      if (pathEntry(file) === 'missing') stacksWithoutTopology.push(name);
      else topologies.set(name, readTopologyFile(file, shown(file)));
    }
  }
  if (topologies.size === 0) {
    const found = stacksWithoutTopology.length
      ? ` Its stacks (${stacksWithoutTopology.join(', ')}) have no topology.json: they define no DockerHost, or were synthesized by a cdktf-docker-network older than topology reports; synthesize again with ${SYNTH_COMMAND}.`
      : ` ${WHAT_TO_PASS}; synthesize first if there is none.`;
    throw new CliError(`${where} is not a synth output with topologies: it holds neither ${join(dir, 'stacks', '<stack>', 'topology.json')} nor ${single}.${found}`);
  }
  return { dir, topologies, stacksWithoutTopology };
}

/** The topology of `stack` in `output`, or a CliError that lists the stacks there are. */
export function stackTopology(output: SynthOutput, stack: string, argument: string): TopologyDocument {
  const document = output.topologies.get(stack);
  if (document) return document;
  if (output.stacksWithoutTopology.includes(stack)) {
    throw new CliError(
      `stack ${JSON.stringify(stack)} in ${argument} ${output.dir} has no topology.json (${join(output.dir, 'stacks', stack, 'topology.json')}): ` +
        `it defines no DockerHost, or was synthesized by a cdktf-docker-network older than topology reports. Synthesize it again with ${SYNTH_COMMAND}`,
    );
  }
  const known = [...output.topologies.keys()].map((s) => JSON.stringify(s)).join(', ');
  throw new CliError(`no stack ${JSON.stringify(stack)} in ${argument} ${output.dir}; its stacks are ${known}. Pass one of those, or synthesize the stack first with ${SYNTH_COMMAND}`);
}
