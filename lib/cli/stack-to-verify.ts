import { join } from 'node:path';
import type { TopologyDocument } from '../report/topology-document.js';
import { CliError } from './cli-error.js';
import { pathEntry } from './path-entry.js';
import { readSynthOutput, stackTopology } from './synth-output.js';

/** One stack's topology and the file it was read from. */
export interface StackToVerify {
  readonly document: TopologyDocument;
  /** The topology.json, for messages. */
  readonly file: string;
}

/**
 * The stack `verify` and `repair` work on: `dir` is one stack's directory
 * (`cdktf.out/stacks/<stack>`), or a synth output with `stack` naming one of
 * its stacks (optional when it holds only one).
 */
export function stackToVerify(dir: string, stack: string | undefined): StackToVerify {
  const output = readSynthOutput(dir, '<dir>');
  const single = join(output.dir, 'topology.json');
  if (pathEntry(single) !== 'missing') {
    const document = [...output.topologies.values()][0]!;
    if (stack !== undefined && stack !== document.stack) {
      throw new CliError(`--stack ${JSON.stringify(stack)}: <dir> ${output.dir} is the directory of stack ${JSON.stringify(document.stack)}. Leave out --stack, or pass the synth output directory that holds both`);
    }
    return { document, file: single };
  }
  if (stack === undefined) {
    const names = [...output.topologies.keys()];
    if (names.length > 1) {
      throw new CliError(`<dir> ${output.dir} holds the stacks ${names.map((s) => JSON.stringify(s)).join(', ')}: pass --stack <name>, or the stack's own directory (${join(output.dir, 'stacks', '<stack>')})`);
    }
    stack = names[0]!;
  }
  return { document: stackTopology(output, stack, '<dir>'), file: join(output.dir, 'stacks', stack, 'topology.json') };
}
