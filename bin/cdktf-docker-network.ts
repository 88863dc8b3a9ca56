#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { CliError } from '../lib/cli/cli-error.js';
import { EXIT, exitStatusOf } from '../lib/cli/exit-status.js';
import { PACKAGE_NAME, packageVersion } from '../lib/cli/package-version.js';
import { readSynthOutput, stackTopology } from '../lib/cli/synth-output.js';
import { loadTopologies, resolveSource } from '../lib/cli/topology-source.js';
import { toDot } from '../lib/report/dot.js';
import { toMermaid } from '../lib/report/mermaid.js';
import { diffTopologies, formatChangesJson, formatChangesMarkdown, formatChangesText } from '../lib/report/topology-diff.js';
import { compare } from '../lib/report/topology-document.js';

/**
 * cdktf-docker-network: review a network in network terms.
 *   graph <stack>        print the stack's diagram (Mermaid or DOT) from its topology.json
 *   diff <old> <new>     compare two synth outputs (directories or git revisions)
 * Exit status: 0 nothing changed (and --help, --version), 1 something changed
 * (diff only), 2 any trouble, usage errors included — so a CI step can tell
 * "changed" from "broken".
 */
const program = new Command()
  .name(PACKAGE_NAME)
  .description('Topology diagrams and network diffs for stacks built with cdktf-docker-network')
  // Commander would exit 1 on a usage error, which a pull-request job reads as "changed":
  // make it throw instead, and decide the status below. Set before the commands, which inherit it.
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`${PACKAGE_NAME}: ${text}`) })
  .showHelpAfterError()
  // Read package.json only when asked (commander's .version() wants the string up front).
  .addOption(new Option('-V, --version', 'print the version of cdktf-docker-network'))
  .on('option:version', () => {
    process.stdout.write(`${packageVersion()}\n`);
    throw new CommanderError(EXIT.unchanged, 'commander.version', 'version printed');
  });

program
  .command('graph')
  .description("print a stack's topology as a Mermaid or DOT diagram")
  .argument('<stack>', 'stack name, e.g. prod')
  .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'))
  .option('--dir <dir>', 'synth output directory, or one stack directory in it', 'cdktf.out')
  .action((stack: string, options: { format: 'mermaid' | 'dot'; dir: string }) => {
    const document = stackTopology(readSynthOutput(options.dir, '--dir'), stack, '--dir');
    process.stdout.write(options.format === 'dot' ? toDot(document) : toMermaid(document));
  });

program
  .command('diff')
  .description('explain the network changes between two synth outputs; exit 0: no change, 1: changes, 2: trouble')
  .argument('<old>', 'synth output directory, stack directory, or git revision')
  .argument('<new>', 'synth output directory, stack directory, or git revision')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
  .option('--stack <name>', 'compare only this stack')
  .action(async (oldSource: string, newSource: string, options: { format: 'text' | 'markdown' | 'json'; stack?: string }) => {
    const sources = [await resolveSource(oldSource, '<old>'), await resolveSource(newSource, '<new>')];
    const [before, after] = [await loadTopologies(sources[0]!), await loadTopologies(sources[1]!)];
    const all = [...new Set([...before.keys(), ...after.keys()])].sort(compare);
    const stacks = all.filter((s) => !options.stack || s === options.stack);
    if (options.stack && stacks.length === 0) {
      throw new CliError(`--stack ${JSON.stringify(options.stack)}: no such stack in <old> or <new>; their stacks are ${all.map((s) => JSON.stringify(s)).join(', ')}. Pass one of those`);
    }
    const changes = stacks.flatMap((stack) => diffTopologies(before.get(stack), after.get(stack)));
    const format = { text: formatChangesText, markdown: formatChangesMarkdown, json: formatChangesJson }[options.format];
    process.stdout.write(format(changes));
    process.exitCode = changes.length > 0 ? EXIT.changed : EXIT.unchanged;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = exitStatusOf(error, (message) => process.stderr.write(`${PACKAGE_NAME}: ${message}\n`), program.args);
});
