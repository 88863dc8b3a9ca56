import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { GENERATED_SCRIPTS, WATCHER_SCRIPT } from './generated-scripts.js';

/**
 * shellcheck over every generated script exactly as a provisioner runs it
 * (prelude + body, POSIX sh), with zero findings at every severity.
 */
const SCRIPTS_DIR = join(import.meta.dirname, '..', '..', 'lib', 'shell', 'scripts');

async function shellcheck(script: string) {
  const result = await execa('shellcheck', ['--shell=sh', '--format=gcc', '-'], { input: script, reject: false });
  if (result.failed && result.exitCode === undefined) {
    throw new Error('shellcheck is not installed: apt-get install shellcheck (Debian package "shellcheck"; .ci/run installs it)');
  }
  return result;
}

describe('shellcheck', () => {
  it.each([...GENERATED_SCRIPTS, WATCHER_SCRIPT].map((s) => [s.name, s] as const))('finds nothing in %s', async (_name, script) => {
    const result = await shellcheck(script.text);
    expect({ findings: result.stdout, errors: result.stderr, exitCode: result.exitCode }).toEqual({ findings: '', errors: '', exitCode: 0 });
  });

  it('reports what it finds (the check above is not vacuous)', async () => {
    const result = await shellcheck('set -eu\nrm -rf $CDN_DIR/*\n');
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toContain('SC2086');
  });

  it('every "shellcheck disable" in the script files says why, on the same line', () => {
    const unexplained = readdirSync(SCRIPTS_DIR)
      .filter((file) => file.endsWith('.sh'))
      .flatMap((file) =>
        readFileSync(join(SCRIPTS_DIR, file), 'utf8')
          .split('\n')
          .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
          .filter(({ line }) => /#\s*shellcheck\s+disable=/.test(line) && !/disable=\S+\s+#\s*\S/.test(line)),
      );
    expect(unexplained).toEqual([]);
  });
});
