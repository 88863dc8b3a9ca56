import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { readScriptFile } from '../../lib/shell/script-file.js';
import { GENERATED_SCRIPTS, SCRIPT_PRELUDE } from './generated-scripts.js';

const SCRIPTS_DIR = join(import.meta.dirname, '..', '..', 'lib', 'shell', 'scripts');
const shellFiles = () => readdirSync(SCRIPTS_DIR).filter((name) => name.endsWith('.sh')).sort();
const body = (file: string) => readFileSync(join(SCRIPTS_DIR, file), 'utf8');
/** The script without comments, and without quoted text (messages may name a tool). */
const code = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/^\s*#.*$/, '').replace(/\s#.*$/, ''))
    .join('\n')
    .replace(/'[^'\n]*'/g, "''")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');

describe('generated scripts', () => {
  it('come from the files under lib/shell/scripts: the prelude, then one body each, every file used', () => {
    expect(SCRIPT_PRELUDE).toBe(body('prelude.sh'));
    for (const script of GENERATED_SCRIPTS) expect(script.text).toBe(SCRIPT_PRELUDE + body(script.file));
    expect(shellFiles()).toEqual(['prelude.sh', ...GENERATED_SCRIPTS.map((s) => s.file)].sort());
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s is fixed text Terraform passes through: no ${ or %{', (_name, script) => {
    expect(script.text).not.toContain('${');
    expect(script.text).not.toContain('%{');
    expect(script.text.startsWith('set -eu\n')).toBe(true);
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s parses as POSIX shell (sh -n)', async (_name, script) => {
    await expect(execa('sh', ['-n', '-c', script.text])).resolves.toMatchObject({ exitCode: 0 });
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s reads only the CDN_* variables its provisioner hands it', (_name, script) => {
    const used = new Set(script.text.match(/\$CDN_[A-Z0-9_]+/g)?.map((v) => v.slice(1)));
    expect([...used].filter((v) => !script.variables.includes(v))).toEqual([]);
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))(
    '%s runs ovs-vsctl and docker only through the bounded helpers ovs and docker_cli',
    (_name, script) => {
      // A command word: at the start of a line or after ; & | ( ! or a keyword that starts a command.
      const unbounded = /(?:^|[;&|(!]|\b(?:then|else|do|time)\b)\s*(ovs-vsctl|docker)(?=\s|$)/gm;
      expect(code(body(script.file)).match(unbounded)).toBeNull();
    },
  );

  it('the helpers bound every wait: ovs-vsctl with --timeout, docker with coreutils timeout', () => {
    const prelude = code(SCRIPT_PRELUDE);
    expect(prelude).toMatch(/^\s*ovs-vsctl --timeout=""/m);
    expect(prelude).toMatch(/^\s*timeout --foreground "" docker /m);
  });
});

describe('readScriptFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-script-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return pathToFileURL(join(dir, name));
  };

  it.each([
    ['${', 'echo ok\necho "${HOME}"\n', 2],
    ['%{', 'echo "%{ if x }"\n', 1],
  ])('refuses a file holding %s, naming the file and line', (syntax, text, line) => {
    const url = write('bad.sh', text);
    expect(() => readScriptFile(url)).toThrow(`${join(dir, 'bad.sh')}:${line}: "${syntax}" would be interpolated by Terraform; write "$NAME" without braces`);
  });

  it('refuses a file without a final newline, since bodies are joined after it', () => {
    const url = write('prelude.sh', 'set -eu');
    expect(() => readScriptFile(url)).toThrow(`${join(dir, 'prelude.sh')}: the script must end with a newline`);
  });

  it('says how to fix a script missing next to the compiled modules', () => {
    expect(() => readScriptFile(pathToFileURL(join(dir, 'missing.sh')))).toThrow(
      `cannot read the shell script ${join(dir, 'missing.sh')} (ENOENT): the build copies lib/shell/scripts/*.sh next to the compiled modules; run \`npm run build\` again`,
    );
  });
});
