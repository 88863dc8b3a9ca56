/**
 * POSIX shell quoting: the value inside single quotes, each `'` written as `'\''`.
 * Nothing inside single quotes is expanded, so the shell reads the value back
 * byte for byte — spaces, `$()`, backticks and newlines included.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell word cannot contain a NUL byte');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Names a script may take values from: upper-case shell variable names. */
const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** True for an upper-case shell variable name (`CDN_ADDRESS`, `DOCKER_HOST`). */
export function isShellVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/**
 * `NAME='value'` lines, one per variable, followed by `export NAME…`: the way to
 * hand values to a script where no environment can be passed (Terraform's
 * remote-exec). Names are checked, values quoted.
 */
export function assignmentLines(variables: Readonly<Record<string, string>>): string[] {
  const names = Object.keys(variables);
  for (const name of names) {
    if (!isShellVariableName(name)) throw new Error(`${JSON.stringify(name)} is not a shell variable name`);
  }
  return [...names.map((name) => `${name}=${shellQuote(variables[name]!)}`), `export ${names.join(' ')}`];
}
