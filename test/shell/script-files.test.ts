import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { readScriptFile } from '../../lib/shell/script-file.js';
import { GENERATED_SCRIPTS, SCRIPT_PRELUDE, WATCHER_SCRIPT } from './generated-scripts.js';

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
  it('come from the files under lib/shell/scripts: the prelude, then their bodies, every file used', () => {
    expect(SCRIPT_PRELUDE).toBe(body('prelude.sh'));
    for (const script of GENERATED_SCRIPTS) expect(script.text).toBe(SCRIPT_PRELUDE + script.files.map(body).join(''));
    expect(WATCHER_SCRIPT.text).toBe(body(WATCHER_SCRIPT.file));
    const used = new Set(['prelude.sh', WATCHER_SCRIPT.file, ...GENERATED_SCRIPTS.flatMap((s) => s.files)]);
    expect(shellFiles()).toEqual([...used].sort());
  });

  it('the watcher is fixed text Terraform passes through, parses as POSIX shell, and bounds every docker call but its event stream', async () => {
    expect(WATCHER_SCRIPT.text).not.toContain('${');
    expect(WATCHER_SCRIPT.text).not.toContain('%{');
    await expect(execa('sh', ['-n', '-c', WATCHER_SCRIPT.text])).resolves.toMatchObject({ exitCode: 0 });
    // Comments out, but quoted text kept: the watcher's docker calls sit inside "$(…)".
    const uncommented = WATCHER_SCRIPT.text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
    const dockerCalls = uncommented.match(/(?:^|[;&|(!]|\b(?:then|else|do|time|timeout \d+)\b)\s*docker\s+\w+/gm) ?? [];
    expect(dockerCalls.length).toBeGreaterThan(1);
    for (const call of dockerCalls) expect(call).toMatch(/timeout \d+\s+docker|docker\s+events$/);
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s is fixed text Terraform passes through: no ${ or %{', (_name, script) => {
    expect(script.text).not.toContain('${');
    expect(script.text).not.toContain('%{');
    expect(script.text.startsWith('set -eu\n')).toBe(true);
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s parses as POSIX shell (sh -n)', async (_name, script) => {
    await expect(execa('sh', ['-n', '-c', script.text])).resolves.toMatchObject({ exitCode: 0 });
  });

  /** Read from the environment the scripts run in (the host's), never handed by a provisioner: the prelude reads them. */
  const HOST_ENVIRONMENT = ['CDN_WAIT_SECONDS'];

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s reads only the CDN_* variables its provisioner hands it', (_name, script) => {
    const used = new Set(script.text.match(/\$CDN_[A-Z0-9_]+/g)?.map((v) => v.slice(1)));
    expect([...used].filter((v) => !script.variables.includes(v) && !HOST_ENVIRONMENT.includes(v))).toEqual([]);
    // A provisioner that handed one of them would override the host's setting.
    expect(script.variables.filter((v) => HOST_ENVIRONMENT.includes(v))).toEqual([]);
  });

  it('only the prelude reads the host environment variables', () => {
    for (const file of shellFiles().filter((f) => f !== 'prelude.sh')) {
      for (const name of HOST_ENVIRONMENT) expect({ file, reads: body(file).includes(`$${name}`) }).toEqual({ file, reads: false });
    }
    for (const name of HOST_ENVIRONMENT) expect(SCRIPT_PRELUDE).toContain(`$${name}`);
  });

  /** Calls of OVN's and OVSDB's clients without --timeout: each would wait for ever on a database that does not answer. */
  const unboundedOvnCalls = (text: string) =>
    // A command word (after an assignment prefix, in $(…), in a function body), with its arguments up to the end of the line.
    (code(text).match(/(?:^|[;&|(!{]|\b(?:then|else|do|time)\b|=)\s*(?:[A-Z_]+=\S+\s+)*(?:quietly\s+)?(?:ovn-nbctl|ovn-sbctl|ovn-appctl|ovs-appctl|ovsdb-client)\b[^\n]*/gm) ?? [])
      .filter((call) => !/ --timeout=/.test(call));

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))('%s runs the OVN and OVSDB clients only with a bounded wait (--timeout)', (_name, script) => {
    expect(unboundedOvnCalls(script.files.map(body).join(''))).toEqual([]);
  });

  it.each([
    ['ovn-nbctl --db="$NB" lsp-del p', 1],
    ['x=$(ovn-appctl -t "$ctl" exit)', 1],
    ['nbctl() { ovn-nbctl "$@"; }', 1],
    ['OVN_RUNDIR="$d" ovsdb-client wait "$db" OVN_Northbound connected', 1],
    ['if ! quietly ovsdb-client wait "$db" OVN_Northbound removed; then', 1],
    ['nbctl() { ovn-nbctl --timeout="$wait_seconds" "$@"; }', 0],
    ['need ovn-nbctl ovn-central', 0],
  ])('the bounded-wait rule finds %s (it is not vacuous)', (text, count) => {
    expect(unboundedOvnCalls(`${text}\n`)).toHaveLength(count);
  });

  it.each(GENERATED_SCRIPTS.map((s) => [s.name, s] as const))(
    '%s runs ovs-vsctl and docker only through the bounded helpers ovs and docker_cli',
    (_name, script) => {
      // A command word: at the start of a line or after ; & | ( ! or a keyword that starts a command.
      const unbounded = /(?:^|[;&|(!]|\b(?:then|else|do|time)\b)\s*(ovs-vsctl|docker)(?=\s|$)/gm;
      expect(code(script.files.map(body).join('')).match(unbounded)).toBeNull();
    },
  );

  /** What a read-only check must not contain (in its code, comments and quoted text left out). */
  const WRITES: ReadonlyArray<readonly [string, RegExp]> = [
    ['a link, address or route change', /\b(?:link|addr|address|route|neigh)\s+(?:set|add|del|delete|flush|replace|change)\b/],
    ['an Open vSwitch command other than get, list-ports, br-exists, show', /\bovs\s+(?:--[a-z-]+(?:=\S+)?\s+)*(?!(?:get|list-ports|br-exists|show)\b)[a-z][a-z-]*/],
    ['a docker command other than ps and inspect', /\bdocker_cli\s+(?!(?:ps|inspect)\b)[a-z][a-z-]*/],
    // The case patterns' \< and \> are no redirections.
    ['a redirection to anything but /dev/null or a descriptor', /(?<!\\)>>?\s*(?!\/dev\/null|&)\S+/],
    ['a command that makes, removes or signals something', /(?:^|[;&|(!]|\b(?:then|else|do)\b)\s*(?:mkdir|rm|ln|touch|mv|cp|tee|truncate|sysctl|kill|arping|ethtool|brctl|exec)\b/m],
    ['a network namespace link (ip netns, ip -n)', /\bnetns\b|\bip\s+-n\b/],
  ];
  const checks = GENERATED_SCRIPTS.filter((s) => s.readOnly);

  it('there are read-only checks, and each reads through ovs or docker_cli', () => {
    expect(checks.map((s) => s.name)).toEqual([
      'CHECK_STATIC_ADDRESS_SCRIPT',
      'CHECK_FABRIC_HOST_SCRIPT',
      'CHECK_FABRIC_TUNNEL_SCRIPT',
      'CHECK_REACHABILITY_SCRIPT',
      'CHECK_OVN_CENTRAL_SCRIPT',
      'CHECK_OVN_CHASSIS_SCRIPT',
    ]);
    for (const check of checks) expect(code(check.files.map(body).join(''))).toMatch(/\b(?:ovs|docker_cli) /);
  });

  it.each(checks.map((s) => [s.name, s] as const))('%s only reads: it changes nothing on the host', (_name, script) => {
    const text = code(script.files.map(body).join(''));
    expect(WRITES.filter(([, pattern]) => pattern.test(text)).map(([what]) => what)).toEqual([]);
  });

  it.each([
    'in_container link set dev eth1 up',
    'ovs set interface x mtu_request=1500',
    'ovs --if-exists del-port x',
    'docker_cli rm -f web',
    'echo x >"$dir/file"',
    'mkdir -p "$d"',
    'ip -n "$CDN_NETNS" addr show',
  ])('the read-only rules catch %s (they are not vacuous)', (write) => {
    expect(WRITES.some(([, pattern]) => pattern.test(code(write)))).toBe(true);
  });

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
