import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { topologyJson, type TopologyDocument } from '../../lib/report/topology-document.js';
import { sampleOvnTopology, sampleTopology, sampleTopologyV1 } from '../report/sample-topology.js';

/**
 * Every kind of bad input the CLI can meet, each run as a user runs it (node +
 * tsx + bin/cdktf-docker-network.ts): usage errors of both commands, synth
 * outputs that are missing or malformed in each way, missing stacks, and git
 * revisions that cannot be synthesized. Each must exit 2 (never 1, which a
 * pull-request job reads as "changed"), print nothing on stdout, and say on
 * stderr which file or argument is at fault, what is wrong, and how to fix it.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'bin', 'cdktf-docker-network.ts');

// ---- fixtures: a good synth output and one broken copy per fault, under one directory ----
// The paths are fixed here (the cases name them); beforeAll makes what they point at.
const work = join(tmpdir(), `cdn-bad-input-${randomUUID()}`);
const at = (name: string) => join(work, name);
const topologyOf = (dir: string) => join(dir, 'stacks', 'shop', 'topology.json');
const good = at('good');
const malformed = at('malformed');
const empty = at('empty');
const wrongShape = at('wrong-shape');
const notAnObject = at('not-an-object');
const newer = at('newer');
const older = at('older');
const directoryInstead = at('directory-instead');
const brokenLink = at('broken-link');
const linkLoop = at('link-loop');
const withoutTopology = at('without-topology');
const notSynthOutput = at('not-synth-output');
const aFile = at('a-file.txt');
const missing = at('missing');
const noCdktfOut = at('project-without-synth');
const repo = at('repo');
const twoStacks = at('two-stacks');
const lacking = at('lacking-variable');
const preloading = at('preloading');
const badV1 = at('bad-v1');
const badOvn = at('bad-ovn');

/** The sample topology as this version writes it for verify: hosts with a way in, and a recorded object. */
function verifiable(stack = 'shop'): TopologyDocument {
  const sample = sampleTopology({ stack });
  return {
    ...sample,
    hosts: sample.hosts.map((h) => ({
      ...h,
      reach: { kind: 'lab-namespace' as const, namespace: `cdn-no-such-${h.name}`, environment: { DOCKER_HOST: 'unix:///tmp/d.sock' } },
      owner: stack,
      stateDirectory: '/var/lib/cdktf-docker-network',
      objects: [
        {
          kind: 'fabric-tunnel' as const,
          name: 'gre-1',
          declaredBy: `${stack}/fabric/tunnel`,
          variables: Object.fromEntries(
            ['CDN_SUBJECT', 'CDN_FABRIC', 'CDN_OVS_BRIDGE', 'CDN_TUNNEL_PORT', 'CDN_TUNNEL_TYPE', 'CDN_REMOTE_IP', 'CDN_REMOTE_HOST', 'CDN_TUNNEL_KEY', 'CDN_LOOP', 'CDN_OWNER', 'CDN_STATE_DIR'].map((n) => [n, 'x']),
          ),
        },
      ],
    })),
  };
}

/** A synth output laid out as cdktf writes it, with `content` as the shop stack's topology.json. */
function writeShop(dir: string, content: string): void {
  mkdirSync(join(dir, 'stacks', 'shop'), { recursive: true });
  writeFileSync(topologyOf(dir), content);
}

/** A git repository whose tags are revisions that cannot be diffed, each for its own reason. */
function makeRepository(): void {
  mkdirSync(repo);
  const git = (...args: string[]) => execaSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo });
  git('init', '-q');
  const commitTagged = (tag: string, cdktfJson?: string) => {
    writeFileSync(join(repo, 'README.md'), tag);
    if (cdktfJson === undefined) rmSync(join(repo, 'cdktf.json'), { force: true });
    else writeFileSync(join(repo, 'cdktf.json'), cdktfJson);
    git('add', '-A');
    git('commit', '-qm', tag);
    git('tag', tag);
  };
  commitTagged('no-config');
  commitTagged('bad-config', '{ "app": ');
  commitTagged('no-app', JSON.stringify({ language: 'typescript' }));
  commitTagged('failing', JSON.stringify({ app: `node -e "console.error('boom: the app cannot synthesize'); process.exit(3)"` }));
  commitTagged('silent', JSON.stringify({ app: 'node -e 0' }));
}

beforeAll(() => {
  mkdirSync(work);
  writeShop(good, topologyJson(sampleTopology()));
  writeShop(malformed, '{\n  "schemaVersion": 1,\n  "stack": "shop",\n}\n');
  writeShop(empty, '');
  const document = JSON.parse(JSON.stringify(sampleTopology()));
  document.services[1].addresses[0].network = 7;
  writeShop(wrongShape, JSON.stringify(document));
  writeShop(notAnObject, '[]');
  writeShop(newer, JSON.stringify({ ...sampleTopology(), schemaVersion: 3 }));
  const v1 = JSON.parse(JSON.stringify(sampleTopologyV1()));
  v1.fabrics[0].tunnels[0].type = 'ipip';
  writeShop(badV1, JSON.stringify(v1));
  const ovn = JSON.parse(JSON.stringify(sampleOvnTopology()));
  ovn.fabrics[0].engine.encapsulation = 'gre';
  writeShop(badOvn, JSON.stringify(ovn));
  writeShop(older, JSON.stringify({ ...sampleTopology(), schemaVersion: 0 }));
  mkdirSync(topologyOf(directoryInstead), { recursive: true });
  mkdirSync(join(brokenLink, 'stacks', 'shop'), { recursive: true });
  symlinkSync(at('nowhere.json'), topologyOf(brokenLink));
  mkdirSync(join(linkLoop, 'stacks', 'shop'), { recursive: true });
  symlinkSync(topologyOf(linkLoop), topologyOf(linkLoop));
  writeShop(withoutTopology, topologyJson(sampleTopology()));
  mkdirSync(join(withoutTopology, 'stacks', 'web'));
  writeFileSync(join(withoutTopology, 'stacks', 'web', 'cdk.tf.json'), '{}');
  mkdirSync(join(notSynthOutput, 'src'), { recursive: true });
  writeFileSync(aFile, 'not a directory');
  mkdirSync(noCdktfOut);
  makeRepository();
  writeShop(twoStacks, topologyJson(verifiable()));
  mkdirSync(join(twoStacks, 'stacks', 'web'));
  writeFileSync(join(twoStacks, 'stacks', 'web', 'topology.json'), topologyJson(verifiable('web')));
  const withoutKey = JSON.parse(JSON.stringify(verifiable()));
  delete withoutKey.hosts[1].objects[0].variables.CDN_TUNNEL_KEY;
  writeShop(lacking, JSON.stringify(withoutKey));
  const preload = JSON.parse(JSON.stringify(verifiable()));
  preload.hosts[0].reach.environment.LD_PRELOAD = '/tmp/evil.so';
  writeShop(preloading, JSON.stringify(preload));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface BadInput {
  readonly case: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** The file, directory, revision or argument at fault, as stderr must name it. */
  readonly names: string;
  /** What is wrong. */
  readonly wrong: string;
  /** How to fix it. */
  readonly fix: string;
}

const DIFF_USAGE = 'Usage: cdktf-docker-network diff [options] <old> <new>';
const GRAPH_USAGE = 'Usage: cdktf-docker-network graph [options] <stack>';
const PROGRAM_USAGE = 'Usage: cdktf-docker-network [options] [command]';
const VERIFY_USAGE = 'Usage: cdktf-docker-network verify [options] <dir>';
const REPAIR_USAGE = 'Usage: cdktf-docker-network repair [options] <dir>';
/** How the CLI names the synth command in its fixes: cdktf's, or CDK Terrain's. */
const SYNTH = 'npx cdktf synth (or npx cdktn synth)';
const SYNTHESIZE_AGAIN = `Run ${SYNTH} again with this version and verify the new output`;
const RESYNTH = `topology.json is written by ${SYNTH}; synthesize again with this version of cdktf-docker-network rather than editing it by hand`;

const CASES: readonly BadInput[] = [
  // usage errors that commander detects, for both commands
  { case: 'diff: an unknown option', args: ['diff', good, good, '--bogus'], names: "'--bogus'", wrong: 'error: unknown option', fix: DIFF_USAGE },
  { case: 'diff: a misspelled option', args: ['diff', good, good, '--fromat', 'json'], names: "'--fromat'", wrong: 'error: unknown option', fix: '(Did you mean --format?)' },
  { case: 'diff: --format not one of the choices', args: ['diff', good, good, '--format', 'html'], names: "option '--format <format>' argument 'html'", wrong: 'is invalid', fix: 'Allowed choices are text, markdown, json.' },
  { case: 'diff: --format without its value', args: ['diff', good, good, '--format'], names: "option '--format <format>'", wrong: 'argument missing', fix: DIFF_USAGE },
  { case: 'diff: a missing argument', args: ['diff', good], names: "'new'", wrong: 'error: missing required argument', fix: DIFF_USAGE },
  { case: 'diff: an excess argument', args: ['diff', good, good, good], names: "'diff'", wrong: 'error: too many arguments', fix: 'Expected 2 arguments but got 3.' },
  { case: 'graph: a missing argument', args: ['graph'], names: "'stack'", wrong: 'error: missing required argument', fix: GRAPH_USAGE },
  { case: 'graph: --format not one of the choices', args: ['graph', 'shop', '--dir', good, '--format', 'svg'], names: "argument 'svg'", wrong: 'is invalid', fix: 'Allowed choices are mermaid, dot.' },
  { case: 'graph: an excess argument', args: ['graph', 'shop', 'extra', '--dir', good], names: "'graph'", wrong: 'error: too many arguments', fix: 'Expected 1 argument but got 2.' },
  { case: 'graph: --dir without its value', args: ['graph', 'shop', '--dir'], names: "option '--dir <dir>'", wrong: 'argument missing', fix: GRAPH_USAGE },
  { case: 'an unknown command', args: ['grpah', 'shop'], names: "'grpah'", wrong: 'error: unknown command', fix: '(Did you mean graph?)' },
  { case: 'an unknown option before the command', args: ['--bogus', 'diff', good, good], names: "'--bogus'", wrong: 'error: unknown option', fix: PROGRAM_USAGE },
  { case: 'no command at all', args: [], names: 'no command given', wrong: 'error: no command given', fix: 'Run one of the commands listed above' },
  { case: 'help about a command that does not exist', args: ['help', 'nope'], names: '"nope"', wrong: 'there is no command', fix: 'Run one of the commands listed above' },

  // synth outputs: missing, not a directory, not a synth output, a stack that is not there
  { case: 'graph: --dir does not exist', args: ['graph', 'shop', '--dir', missing], names: `--dir ${missing}`, wrong: 'no such directory', fix: `Run ${SYNTH} first, or pass the directory it writes (cdktf.out` },
  { case: 'graph: no cdktf.out where it runs', args: ['graph', 'shop'], cwd: noCdktfOut, names: `--dir ${join(noCdktfOut, 'cdktf.out')}`, wrong: 'no such directory', fix: `Run ${SYNTH} first, or pass the directory it writes (cdktf.out` },
  { case: 'graph: --dir is a file', args: ['graph', 'shop', '--dir', aFile], names: `--dir ${aFile}`, wrong: 'is not a directory', fix: `Pass the directory that ${SYNTH} writes (cdktf.out` },
  { case: 'graph: --dir is not a synth output', args: ['graph', 'shop', '--dir', notSynthOutput], names: `--dir ${notSynthOutput}`, wrong: 'is not a synth output with topologies', fix: `Pass the directory that ${SYNTH} writes (cdktf.out unless cdktf.json sets "output"), or one stack's directory in it (cdktf.out/stacks/<stack>); synthesize first if there is none` },
  { case: 'graph: a stack that is not there', args: ['graph', 'nope', '--dir', good], names: 'stack "nope"', wrong: `no stack "nope" in --dir ${good}`, fix: 'its stacks are "shop". Pass one of those' },
  { case: 'graph: a stack without topology.json', args: ['graph', 'web', '--dir', withoutTopology], names: join(withoutTopology, 'stacks', 'web', 'topology.json'), wrong: 'has no topology.json', fix: `Synthesize it again with ${SYNTH}` },
  { case: 'diff: --stack names no stack of either side', args: ['diff', good, good, '--stack', 'nope'], names: '--stack "nope"', wrong: 'no such stack in <old> or <new>', fix: 'their stacks are "shop". Pass one of those' },
  { case: 'diff: a file given as a source', args: ['diff', topologyOf(good), good], names: `<old> ${JSON.stringify(topologyOf(good))}`, wrong: 'is a file, not a directory or a git revision', fix: `e.g. ${join(good, 'stacks', 'shop')}` },

  // topology.json: each way it can be broken
  { case: 'topology.json is not JSON', args: ['diff', good, malformed], names: topologyOf(malformed), wrong: 'is not valid JSON: Expected double-quoted property name', fix: RESYNTH },
  { case: 'topology.json is empty', args: ['graph', 'shop', '--dir', empty], names: topologyOf(empty), wrong: 'is not valid JSON: the file is empty', fix: RESYNTH },
  { case: 'topology.json is a directory', args: ['diff', directoryInstead, good], names: topologyOf(directoryInstead), wrong: 'is a directory', fix: 'Remove the directory and synthesize again' },
  { case: 'topology.json is a broken symlink', args: ['graph', 'shop', '--dir', brokenLink], names: topologyOf(brokenLink), wrong: 'cannot read', fix: 'where a symlink points' },
  { case: 'topology.json is a symlink loop', args: ['diff', good, linkLoop], names: topologyOf(linkLoop), wrong: 'too many levels of symbolic links', fix: 'where a symlink points' },
  { case: 'topology.json has a field of the wrong type', args: ['diff', good, wrongShape], names: topologyOf(wrongShape), wrong: 'services[1].addresses[0].network must be a string (got 7)', fix: RESYNTH },
  { case: 'topology.json is not an object', args: ['graph', 'shop', '--dir', notAnObject], names: topologyOf(notAnObject), wrong: 'the document must be an object (got an empty array)', fix: RESYNTH },
  { case: 'topology.json of a newer schema', args: ['diff', newer, good], names: topologyOf(newer), wrong: 'has schemaVersion 3, but this cdktf-docker-network reads schemaVersion 1 and 2 only', fix: 'upgrade this one' },
  { case: 'topology.json of schema version 1 with a bad field, named by its version 1 path', args: ['diff', badV1, good], names: topologyOf(badV1), wrong: 'fabrics[0].tunnels[0].type must be one of "gre", "vxlan" (got "ipip")', fix: RESYNTH },
  { case: 'topology.json with an OVN engine of a bad encapsulation', args: ['graph', 'shop', '--dir', badOvn], names: topologyOf(badOvn), wrong: 'fabrics[0].engine.encapsulation must be one of "geneve", "vxlan" (got "gre")', fix: RESYNTH },
  { case: 'topology.json of an older schema', args: ['diff', good, older], names: topologyOf(older), wrong: 'has schemaVersion 0', fix: `run ${SYNTH} again with this version` },

  // verify and repair: usage, the stack to check, topology.json files that cannot be verified
  { case: 'verify: a missing argument', args: ['verify'], names: "'dir'", wrong: 'error: missing required argument', fix: VERIFY_USAGE },
  { case: 'verify: --format not one of the choices', args: ['verify', twoStacks, '--format', 'html'], names: "argument 'html'", wrong: 'is invalid', fix: 'Allowed choices are text, markdown, json.' },
  { case: 'verify: --timeout of zero seconds', args: ['verify', twoStacks, '--timeout', '0'], names: "option '--timeout <seconds>' argument '0'", wrong: 'is invalid', fix: 'give a whole number of seconds, at least 1.' },
  { case: 'repair: --timeout that is not a number', args: ['repair', twoStacks, '--timeout', 'soon'], names: "argument 'soon'", wrong: 'is invalid', fix: 'give a whole number of seconds, at least 1.' },
  { case: 'repair: an excess argument', args: ['repair', twoStacks, twoStacks], names: "'repair'", wrong: 'error: too many arguments', fix: REPAIR_USAGE },
  { case: 'verify: <dir> does not exist', args: ['verify', missing], names: `<dir> ${missing}`, wrong: 'no such directory', fix: `Run ${SYNTH} first, or pass the directory it writes (cdktf.out` },
  { case: 'verify: topology.json is not JSON', args: ['verify', malformed], names: topologyOf(malformed), wrong: 'is not valid JSON', fix: RESYNTH },
  { case: 'verify: several stacks and no --stack', args: ['verify', twoStacks], names: `<dir> ${twoStacks}`, wrong: 'holds the stacks "shop", "web"', fix: 'pass --stack <name>' },
  { case: 'verify: --stack names no stack there', args: ['verify', twoStacks, '--stack', 'nope'], names: 'stack "nope"', wrong: `no stack "nope" in <dir> ${twoStacks}`, fix: 'Pass one of those' },
  { case: "repair: --stack other than the stack directory's", args: ['repair', join(twoStacks, 'stacks', 'shop'), '--stack', 'web'], names: '--stack "web"', wrong: 'is the directory of stack "shop"', fix: 'Leave out --stack' },
  { case: 'verify: a topology.json older than verify (no "reach")', args: ['verify', good], names: `${topologyOf(good)}: hosts[0] (host "host-a")`, wrong: 'says nothing about how to reach the host ("reach")', fix: SYNTHESIZE_AGAIN },
  { case: 'repair: a topology.json older than verify (no "reach")', args: ['repair', join(good, 'stacks', 'shop')], names: `${topologyOf(good)}: hosts[0]`, wrong: 'written by a cdktf-docker-network older than verify and repair', fix: SYNTHESIZE_AGAIN },
  { case: 'verify: an object without a value its scripts read', args: ['verify', lacking], names: `${topologyOf(lacking)}: hosts[1] (host "host-b").objects[0] (fabric-tunnel "gre-1")`, wrong: 'lacks CDN_TUNNEL_KEY', fix: SYNTHESIZE_AGAIN },
  { case: "repair: a lab host environment that would change how scripts run", args: ['repair', preloading], names: `${topologyOf(preloading)}: hosts[0] (host "host-a").reach`, wrong: 'sets the environment variable "LD_PRELOAD"', fix: `topology.json is written by ${SYNTH}: synthesize again rather than editing it by hand` },

  // git revisions
  // <old> would fail differently if it were synthesized first: a typo in <new> is found before.
  { case: 'diff: <new> is neither a directory nor a revision', args: ['diff', 'failing', 'no-such-branch'], cwd: repo, names: '<new> "no-such-branch"', wrong: `is neither a directory nor a git revision of ${repo}`, fix: 'git fetch origin' },
  { case: 'diff: a revision outside any git repository', args: ['diff', 'main', good], cwd: noCdktfOut, names: '<old> "main"', wrong: 'is not in a git repository', fix: 'run the command inside the repository' },
  { case: 'diff: a revision without cdktf.json', args: ['diff', 'no-config', 'silent'], cwd: repo, names: 'revision no-config', wrong: 'has no cdktf.json', fix: 'synthesize that revision yourself and pass its output directory' },
  { case: 'diff: a revision whose cdktf.json is not JSON', args: ['diff', 'bad-config', 'silent'], cwd: repo, names: 'cdktf.json of revision bad-config', wrong: 'cannot be read as JSON', fix: 'Fix it in that revision' },
  { case: 'diff: a revision whose cdktf.json names no app', args: ['diff', 'no-app', good], cwd: repo, names: 'cdktf.json of revision no-app', wrong: 'names no "app"', fix: 'Add one in that revision' },
  { case: 'diff: a revision whose app fails', args: ['diff', 'failing', 'silent'], cwd: repo, names: 'revision failing (<old>)', wrong: 'exited with status 3. Its last output:\nboom: the app cannot synthesize', fix: `Make ${SYNTH} succeed at that revision` },
  { case: 'diff: a revision that writes no topology.json', args: ['diff', 'silent', 'silent'], cwd: repo, names: 'revision silent (<old>)', wrong: 'wrote no topology.json', fix: 'Compare a later revision' },
];

describe('the CLI on bad input: exit 2, and stderr says where, what and how to fix', () => {
  it('has a catalogue of distinct cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CASES.map((c) => c.case)).size).toBe(CASES.length);
  });

  it.concurrent.each(CASES.map((c) => [c.case, c] as const))('%s', async (_, bad) => {
    const result = await execa('node', [TSX, CLI, ...bad.args], { cwd: bad.cwd ?? ROOT, reject: false, env: { CHECKPOINT_DISABLE: '1' } });
    expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: 2, stdout: '' });
    expect(result.stderr).toMatch(/^cdktf-docker-network: /m);
    for (const part of [bad.names, bad.wrong, bad.fix]) expect(result.stderr).toContain(part);
    // Never an internal message instead of an explanation.
    expect(result.stderr).not.toMatch(/Cannot read properties|EISDIR|internal error|\n {4}at /);
  });
});
