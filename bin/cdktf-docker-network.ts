#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../lib/cli/cli-error.js';
import { EXIT, exitStatusOf } from '../lib/cli/exit-status.js';
import { signalRunningScripts } from '../lib/cli/host-runner.js';
import { PACKAGE_NAME, packageVersion } from '../lib/cli/package-version.js';
import { repairStack } from '../lib/cli/repair-stack.js';
import { stackToVerify } from '../lib/cli/stack-to-verify.js';
import { readSynthOutput, stackTopology } from '../lib/cli/synth-output.js';
import { loadTopologies, resolveSource } from '../lib/cli/topology-source.js';
import { verifyPlanOf } from '../lib/cli/verify-plan.js';
import { verifyStack } from '../lib/cli/verify-stack.js';
import { toDot } from '../lib/report/dot.js';
import { formatVerificationJson, formatVerificationMarkdown, formatVerificationText, verificationStatus, type StackVerification } from '../lib/report/drift-report.js';
import { toMermaid } from '../lib/report/mermaid.js';
import { formatRepairJson, formatRepairMarkdown, formatRepairText, repairStatus } from '../lib/report/repair-report.js';
import { diffTopologies, formatChangesJson, formatChangesMarkdown, formatChangesText } from '../lib/report/topology-diff.js';
import { compare } from '../lib/report/topology-document.js';
import { visibleText } from '../lib/report/visible-text.js';

/**
 * cdktf-docker-network: review a network in network terms.
 *   graph <stack>        print the stack's diagram (Mermaid or DOT) from its topology.json
 *   diff <old> <new>     compare two synth outputs (directories or git revisions)
 *   verify <dir>         check the stack's hosts, read-only, against its topology.json
 *   repair <dir>         re-run the create scripts of what drifted, then verify again
 * Exit status: 0 nothing changed / no drift (and --help, --version), 1 something
 * changed (diff) or drifted (verify, repair), 2 any trouble, usage errors and
 * hosts that could not be checked included — so a CI step can tell "changed"
 * from "broken".
 */
const program = new Command()
  .name(PACKAGE_NAME)
  .description('Topology diagrams, network diffs, and verification and repair of deployed hosts, for stacks built with cdktf-docker-network')
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

/** Exit status of a verification or repair: 0 as planned, 1 drift, 2 a host could not be checked. */
const STATUS_EXIT = { matches: EXIT.unchanged, drift: EXIT.changed, unchecked: EXIT.trouble } as const;

/** Says on stderr, besides the report, which hosts could not be checked and why. */
function reportUnchecked(verification: StackVerification): void {
  for (const host of verification.hosts) {
    if (host.unchecked !== undefined) process.stderr.write(`${PACKAGE_NAME}: could not check host ${visibleText(host.host)}: ${visibleText(host.unchecked)}\n`);
  }
}

/** `--timeout`: whole seconds, at least 1. */
function seconds(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1) throw new InvalidArgumentError('give a whole number of seconds, at least 1.');
  return n;
}

interface HostCheckOptions {
  format: 'text' | 'markdown' | 'json';
  stack?: string;
  reachability: boolean;
  timeout: number;
}

/** The options verify and repair share. */
function withHostCheckOptions(command: Command): Command {
  return command
    .argument('<dir>', "a stack's directory (cdktf.out/stacks/<stack>), or a synth output directory with --stack")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--stack <name>', 'the stack to check, when <dir> is a synth output with several')
    .option('--reachability', 'also ping, from inside each container with a planned address, every other planned address of its networks', false)
    .addOption(new Option('--timeout <seconds>', "the most time one host's checks may take").argParser(seconds).default(60));
}

withHostCheckOptions(
  program
    .command('verify')
    .description("check the stack's hosts read-only against its topology.json; exit 0: as planned, 1: drift, 2: could not check"),
).action(async (dir: string, options: HostCheckOptions) => {
  const { document, file } = stackToVerify(dir, options.stack);
  const plans = verifyPlanOf(document, file);
  const verification = await verifyStack(document.stack, plans, { reachability: options.reachability, timeoutSeconds: options.timeout });
  const format = { text: formatVerificationText, markdown: formatVerificationMarkdown, json: formatVerificationJson }[options.format];
  process.stdout.write(format(verification));
  reportUnchecked(verification);
  process.exitCode = STATUS_EXIT[verificationStatus(verification)];
});

withHostCheckOptions(
  program
    .command('repair')
    .description('re-run the create scripts of exactly the drifted host objects, then verify again; exit 0: as planned after, 1: drift remains, 2: could not check'),
).action(async (dir: string, options: HostCheckOptions) => {
  const { document, file } = stackToVerify(dir, options.stack);
  const plans = verifyPlanOf(document, file);
  const repair = await repairStack(document.stack, plans, { reachability: options.reachability, timeoutSeconds: options.timeout });
  const format = { text: formatRepairText, markdown: formatRepairMarkdown, json: formatRepairJson }[options.format];
  process.stdout.write(format(repair));
  reportUnchecked(repair.after ?? repair.before);
  process.exitCode = STATUS_EXIT[repairStatus(repair)];
});

// verify and repair run their scripts in process groups of their own: pass an interrupt on to them.
for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    signalRunningScripts('SIGTERM');
    process.stderr.write(`${PACKAGE_NAME}: interrupted by ${signal}\n`);
    process.exit(status);
  });
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = exitStatusOf(error, (message) => process.stderr.write(`${PACKAGE_NAME}: ${message}\n`), program.args);
});
