/**
 * A failure the user can fix, with a message that says what is wrong, where
 * (the file, directory, revision or argument) and how to fix it. The CLI
 * prints the message alone, without a stack trace, and exits with status 2.
 */
export class CliError extends Error {
  public override readonly name = 'CliError';
}
