import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';

/** The CLI's exit statuses: what a CI step branches on. */
export const EXIT = {
  /** Nothing changed; also --help and --version. */
  unchanged: 0,
  /** `diff` found changes; `verify` found drift, or `repair` left some. */
  changed: 1,
  /** Any trouble: a usage error, a bad or missing topology, a revision that does not synthesize, a host that could not be checked, a bug. */
  trouble: 2,
} as const;

/**
 * The exit status for an error that ended the command, after reporting it
 * through `report` (one message, prefixed by the caller). Commander has
 * already printed its own usage errors, with the help, on stderr.
 * `operands` are the program's (commander's `program.args`).
 */
export function exitStatusOf(error: unknown, report: (message: string) => void, operands: readonly string[] = []): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return EXIT.unchanged;
    // Commander shows the help, on stderr, when no command is given (or `help` is asked about
    // an unknown one) and says nothing more: say what was wrong.
    if (error.code === 'commander.help') {
      const what = operands.length > 1 ? `there is no command ${JSON.stringify(operands.at(-1))}` : 'no command given';
      report(`error: ${what}. Run one of the commands listed above, e.g. \`diff <old> <new>\``);
    }
    return EXIT.trouble;
  }
  if (error instanceof CliError) {
    report(error.message);
    return EXIT.trouble;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  report(`internal error: ${detail}\nThis is a bug in cdktf-docker-network: please report it with the command that was run.`);
  return EXIT.trouble;
}
