#!/usr/bin/env node
import { Command, Option } from 'commander';
import { CliError, loadTopologies, readTopologies } from '../lib/cli/topology-source.js';
import { toDot } from '../lib/report/dot.js';
import { toMermaid } from '../lib/report/mermaid.js';
import { diffTopologies, formatChangesJson, formatChangesMarkdown, formatChangesText } from '../lib/report/topology-diff.js';
import { compare } from '../lib/report/topology-document.js';

/**
 * cdktf-docker-network: review a network in network terms.
 *   graph <stack>        print the stack's diagram (Mermaid or DOT) from its topology.json
 *   diff <old> <new>     compare two synth outputs (directories or git revisions);
 *                        exit 0 when nothing changed, 1 when something did, 2 on trouble
 */
const program = new Command()
  .name('cdktf-docker-network')
  .description('Topology diagrams and network diffs for stacks built with cdktf-docker-network')
  .showHelpAfterError();

program
  .command('graph')
  .description("print a stack's topology as a Mermaid or DOT diagram")
  .argument('<stack>', 'stack name, e.g. prod')
  .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'))
  .option('--dir <dir>', 'synth output directory', 'cdktf.out')
  .action((stack: string, options: { format: 'mermaid' | 'dot'; dir: string }) => {
    const topologies = readTopologies(options.dir);
    const document = topologies.get(stack);
    if (!document) throw new CliError(`no stack ${JSON.stringify(stack)} in ${options.dir}; stacks: ${[...topologies.keys()].join(', ')}`);
    process.stdout.write(options.format === 'dot' ? toDot(document) : toMermaid(document));
  });

program
  .command('diff')
  .description('explain the network changes between two synth outputs')
  .argument('<old>', 'synth output directory, stack directory, or git revision')
  .argument('<new>', 'synth output directory, stack directory, or git revision')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
  .option('--stack <name>', 'compare only this stack')
  .action(async (oldSource: string, newSource: string, options: { format: 'text' | 'markdown' | 'json'; stack?: string }) => {
    const [before, after] = [await loadTopologies(oldSource), await loadTopologies(newSource)];
    const stacks = [...new Set([...before.keys(), ...after.keys()])].filter((s) => !options.stack || s === options.stack).sort(compare);
    if (options.stack && stacks.length === 0) throw new CliError(`no stack ${JSON.stringify(options.stack)} on either side`);
    const changes = stacks.flatMap((stack) => diffTopologies(before.get(stack), after.get(stack)));
    const format = { text: formatChangesText, markdown: formatChangesMarkdown, json: formatChangesJson }[options.format];
    process.stdout.write(format(changes));
    process.exitCode = changes.length > 0 ? 1 : 0;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`cdktf-docker-network: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
