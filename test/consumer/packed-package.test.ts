/**
 * The package as a user gets it: `npm run build`, `npm pack`, and the tarball
 * installed for real (`npm install`, not a symlink) into two fresh projects —
 * CommonJS exactly as `cdktf init --template=typescript` makes it, and an ES
 * module project — with its peers. Each compiles the documentation's examples
 * (the README's and those of docs/, pasted in order) against the published
 * typings, synthesizes them, and runs the installed command; and each compiles
 * every program under examples/ the same way and synthesizes it, checked by
 * test/consumer/example-checks.ts.
 *
 * What makes it fail: an `exports` map without a condition `require()` resolves
 * (the CommonJS project stops with ERR_PACKAGE_PATH_NOT_EXPORTED), a file or a
 * dependency missing from the package (tsc or the run fails: nothing resolves
 * into this repository), a wrong `bin` path, a type error in the documentation's
 * examples or the typings, a documentation example that no longer synthesizes,
 * a program under examples/ that does not compile or no longer declares what it shows.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { execa } from 'execa';
import { CDK_CLI } from '../support/cdk-cli.js';
import { EXAMPLE_CHECKS } from './example-checks.js';
import { DOC_PAGES, docPagesIn, documentationSnippets, pasteAsProgram } from './readme-program.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ROOT_PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
};
// cdktf-cli's, or cdktn-cli's under .ci/cdktn-check: the same template and `synth` under their own names.
const TEMPLATE = join(ROOT, 'node_modules', CDK_CLI.package, 'bundle', 'templates', 'typescript');

/** The versions this repository is developed against, so the consumers match it. */
const pinned = (...names: string[]) => Object.fromEntries(names.map((name) => [name, ROOT_PACKAGE.devDependencies[name]!]));
const PEERS = pinned('cdktf', 'constructs', '@cdktf/provider-docker');
const TOOLS = pinned('typescript', '@types/node');
/**
 * The repository's overrides, passed on: with cdktn, `cdktf` is aliased to it
 * (`npm:cdktn@…`), and @cdktf/provider-docker's peer on cdktf needs the same
 * override in a consumer as here (docs/cdktn.md).
 */
const OVERRIDES = ROOT_PACKAGE.overrides ? { overrides: ROOT_PACKAGE.overrides } : {};

const EXAMPLES = join(ROOT, 'examples');
const DOC_SNIPPETS = documentationSnippets(ROOT);
const PROGRAM = pasteAsProgram(DOC_SNIPPETS);

// Child processes get this process's environment without jest's NODE_OPTIONS
// (--experimental-vm-modules): a consumer runs plain node.
const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
delete env.NODE_OPTIONS;
const abort = new AbortController();
interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly reject?: boolean;
}
const run = (file: string, args: readonly string[], options: RunOptions) =>
  execa(file, args, { cwd: options.cwd, env: options.env ?? env, extendEnv: false, reject: options.reject ?? true, cancelSignal: abort.signal });

interface Consumer {
  readonly kind: 'CommonJS' | 'ES module';
  readonly dir: string;
}

let work = '';
const consumers: Consumer[] = [];
let packedFiles: string[] = [];

/**
 * `cdktf init --template=typescript`: the template's package.json, tsconfig.json
 * (CommonJS, ES2018) and cdktf.json, with the placeholders cdktf init fills.
 * The template runs `npx ts-node main.ts`; ts-node is not installed here, so the
 * project compiles main.ts with tsc (the same template tsconfig ts-node would
 * use) and cdktf runs `node main.js`.
 */
function writeCommonJsProject(dir: string, tarball: string): void {
  const fill = (text: string) =>
    text
      .replaceAll('{{ $base }}', 'cjs-consumer')
      .replaceAll('{{projectId}}', 'cdktf-docker-network-consumer-test')
      .replaceAll('{{sendCrashReports}}', 'false')
      .replaceAll('{{futureFlags}}', ''); // cdktf 0.21 and cdktn 0.24 have no future flags
  const pkg = JSON.parse(fill(readFileSync(join(TEMPLATE, 'package.json'), 'utf8')));
  expect(pkg.type).toBeUndefined(); // CommonJS
  pkg.dependencies = { [ROOT_PACKAGE.name]: `file:${tarball}`, ...PEERS };
  pkg.devDependencies = { ...TOOLS };
  Object.assign(pkg, OVERRIDES);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const tsconfig = fill(readFileSync(join(TEMPLATE, 'tsconfig.json'), 'utf8'));
  expect(JSON.parse(tsconfig).compilerOptions).toMatchObject({ module: 'CommonJS', target: 'ES2018', lib: ['es2018'] });
  writeFileSync(join(dir, 'tsconfig.json'), tsconfig);
  const cdktfJson = JSON.parse(fill(readFileSync(join(TEMPLATE, 'cdktf.json'), 'utf8')));
  expect(cdktfJson.app).toBe('npx ts-node main.ts');
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'node main.js' }, null, 2));
  writeFileSync(join(dir, 'main.ts'), PROGRAM);
}

/** An ES module project: "type": "module", NodeNext, and the package's own typings checked too (skipLibCheck off). */
function writeEsModuleProject(dir: string, tarball: string): void {
  const pkg = {
    name: 'esm-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: { [ROOT_PACKAGE.name]: `file:${tarball}`, ...PEERS },
    devDependencies: { ...TOOLS },
    ...OVERRIDES,
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUnusedLocals: true,
      noEmitOnError: true,
      skipLibCheck: false,
    },
    include: ['main.ts'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(dir, 'main.ts'), PROGRAM);
}

/**
 * Every examples/<name>/ copied into a consumer project as a user copies it,
 * with an examples/tsconfig.json that extends the project's: the same compiler
 * options, for the examples' files only. (The cdktf init template's tsconfig
 * compiles every .ts in the project, so the examples are copied after the
 * documentation's program has been compiled, by the test that compiles them.)
 */
function copyExamples(dir: string): void {
  for (const { name } of EXAMPLE_CHECKS) cpSync(join(EXAMPLES, name), join(dir, 'examples', name), { recursive: true });
  writeFileSync(join(dir, 'examples', 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*/*.ts'] }, null, 2));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cdn-consumer-'));
  // As a publisher: `npm pack` runs the prepack script, which builds dist/ from scratch.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT });
  const packed = (JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }])[0];
  packedFiles = packed.files.map((file) => file.path);
  const tarball = join(work, packed.filename);

  const setups: [Consumer['kind'], (dir: string, tarball: string) => void][] = [
    ['CommonJS', writeCommonJsProject],
    ['ES module', writeEsModuleProject],
  ];
  for (const [kind, write] of setups) {
    const dir = join(work, kind === 'CommonJS' ? 'cjs' : 'esm');
    mkdirSync(dir);
    write(dir, tarball);
    consumers.push({ kind, dir });
  }
  // A real install from the registry (the cache is warm): the package's dependencies
  // come only from its package.json, never from this repository's node_modules.
  await Promise.all(consumers.map(({ dir }) => run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir })));
}, 240_000);

afterAll(() => {
  abort.abort();
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The documentation's examples, synthesized into `out`: what each block declares is there. */
function expectReadmeStacks(out: string): void {
  const shop = join(out, 'stacks', 'shop');
  const config = readJson(join(shop, 'cdk.tf.json'));
  const topology = readJson(join(shop, 'topology.json'));
  const containers = Object.values(config.resource.docker_container) as Record<string, any>[];
  const container = (name: string) => containers.find((body) => body.name === name);

  // The README's example: MongoDB, Tomcat published on 80, linked as db, JAVA_OPTS from a link variable
  expect(container('MongoDB')).toMatchObject({ image: expect.stringContaining('docker_image.'), env: ['MONGO_VERSION=2.6'] });
  expect(container('Tomcat')?.ports).toEqual([{ external: 80, internal: 8080, ip: '0.0.0.0', protocol: 'tcp' }]);
  expect(container('Tomcat')?.env).toEqual(expect.arrayContaining(['DB_NAME=/Tomcat/db', 'JAVA_OPTS=-Ddb.hosts=10.42.0.20:27017']));
  // docs/constructs.md "StaticNetwork": native IPAM, MongoDB at the requested address, Tomcat at its "→ 10.42.0.2"
  const networks = Object.values(config.resource.docker_network) as Record<string, any>[];
  expect(networks.find((body) => body.ipam_config?.[0]?.subnet === '10.42.0.0/24')?.ipam_config).toEqual([
    { subnet: '10.42.0.0/24', gateway: '10.42.0.1', ip_range: '10.42.0.128/25' },
  ]);
  const addresses = (service: string) =>
    (topology.services as { name: string; addresses: { address: string }[] }[]).find((s) => s.name === service)?.addresses.map((a) => a.address);
  expect(addresses('MongoDB')).toContain('10.42.0.20');
  expect(addresses('Tomcat')).toContain('10.42.0.2');
  // docs/constructs.md "OverlayFabric": two hosts, one tunnel, mongodb on host B at its 10.50.1.128
  // docs/engines.md: four OVN hosts, three of them the clustered control plane, search on the fourth at its 10.60.3.128
  expect(topology.fabrics).toEqual([
    expect.objectContaining({ subnet: '10.50.0.0/16', hosts: [expect.objectContaining({ block: '10.50.0.0/24' }), expect.objectContaining({ block: '10.50.1.0/24' })] }),
    expect.objectContaining({
      subnet: '10.60.0.0/16',
      engine: expect.objectContaining({ type: 'ovn', encapsulation: 'geneve', central: { hosts: ['ovn-a', 'ovn-b', 'ovn-c'], addresses: ['10.0.1.11', '10.0.1.12', '10.0.1.13'], clustered: true } }),
    }),
  ]);
  expect(addresses('mongodb')).toEqual(['10.50.1.128']);
  expect(container('tomcat')?.env).toEqual(['DB_HOST=10.50.1.128']);
  expect(addresses('search')).toEqual(['10.60.3.128']);
  const searchPort = Object.values(config.resource.terraform_data as Record<string, { input?: { variables?: Record<string, string> } }>).find((body) => body.input?.variables?.CDN_CONTAINER === 'search');
  expect(searchPort?.input?.variables).toMatchObject({ CDN_IFNAME: 'eth1', CDN_MAC: '0a:58:0a:3c:03:80', CDN_ADDRESS: '10.60.3.128/16', CDN_OVN_PORT: 'ovn-d_search' });

  // docs/constructs.md, "The article's whole application is one construct": EncompassStack on the second engine
  const onStaging = containers.filter((body) => body.provider === 'docker.staging').map((body) => body.name).sort();
  expect(onStaging).toEqual(['ElasticSearch', 'MongoDB', 'Tomcat']);
}

describe('the packed package', () => {
  it('holds the built library, its typings and the command, and no tests or lab', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/bin/cdktf-docker-network.js']));
    expect(packedFiles.filter((path) => /^(test|lab|stacks|bench|examples|docs)\//.test(path))).toEqual([]);
    expect(packedFiles).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']));
    // Every fixed script the library reads at run time ships beside its module.
    // (The directory also holds .shellcheckrc, the lint test's settings, which the library never reads.)
    const scripts = readdirSync(join(ROOT, 'lib', 'shell', 'scripts'))
      .filter((file) => file.endsWith('.sh'))
      .map((file) => `dist/lib/shell/scripts/${file}`);
    expect(packedFiles).toEqual(expect.arrayContaining(scripts));
  });

  it('ships source maps that carry their sources (the TypeScript files are not in the package)', () => {
    const maps = packedFiles.filter((path) => path.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(0);
    const installed = join(consumers[0]!.dir, 'node_modules', ROOT_PACKAGE.name);
    const withoutSources = maps.filter((path) => {
      const map = JSON.parse(readFileSync(join(installed, path), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((content) => !content);
    });
    expect(withoutSources).toEqual([]);
  });

  it('reads every page of docs/ for examples, in an order the list sets', () => {
    expect([...DOC_PAGES].sort()).toEqual(docPagesIn(ROOT));
  });

  it('pastes every example of the README and docs/ that uses the package into the program', () => {
    expect(DOC_SNIPPETS.length).toBeGreaterThanOrEqual(5);
    expect(DOC_SNIPPETS[0]!.page).toBe('README.md');
    for (const snippet of DOC_SNIPPETS) {
      const firstStatement = snippet.code.split('\n').find((line) => line !== '' && !line.startsWith('import '))!;
      expect(PROGRAM).toContain(firstStatement.trim());
    }
  });

  it('has a check for every directory under examples/, and examples/README.md links each', () => {
    const directories = readdirSync(EXAMPLES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    expect(EXAMPLE_CHECKS.map((example) => example.name).sort()).toEqual(directories);
    const targets = [...readFileSync(join(EXAMPLES, 'README.md'), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!.split('#')[0]!)
      .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
    // (Whether each link leads somewhere is test/docs/links.test.ts's job.)
    const linked = new Set(targets.map((target) => posix.normalize(target).split('/')[0]));
    expect(directories.filter((name) => !linked.has(name))).toEqual([]);
  });

  it('keeps the examples to the package, its peers, node built-ins and their own files', () => {
    const files = readdirSync(EXAMPLES, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(EXAMPLE_CHECKS.length);
    const outside = files.flatMap((file) => {
      const source = readFileSync(join(file.parentPath, file.name), 'utf8');
      const specifiers = [...source.matchAll(/\b(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);
      const allowed = (specifier: string) => ['cdktf-docker-network', 'cdktf', 'constructs'].includes(specifier) || specifier.startsWith('node:') || /^\.\/[\w.-]+\.js$/.test(specifier);
      return specifiers.filter((specifier) => !allowed(specifier)).map((specifier) => `${file.name}: ${specifier}`);
    });
    expect(outside).toEqual([]);
  });

  describe.each(['CommonJS', 'ES module'] as const)('in a fresh %s project', (kind) => {
    const consumer = () => consumers.find((c) => c.kind === kind)!;

    it('compiles the documentation\'s examples against the published typings', async () => {
      const { dir } = consumer();
      const tsc = await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: dir, reject: false });
      expect({ exitCode: tsc.exitCode, output: tsc.stdout }).toEqual({ exitCode: 0, output: '' });
      expect(existsSync(join(dir, 'main.js'))).toBe(true);
    });

    it('synthesizes them with node: cdk.tf.json and topology.json per stack', async () => {
      const { dir } = consumer();
      const out = join(dir, 'node-out');
      await run('node', ['main.js'], { cwd: dir, env: { ...env, CDKTF_OUTDIR: out } });
      expectReadmeStacks(out);
    });

    it("runs the installed command from the package's bin", async () => {
      const { dir } = consumer();
      const graph = await run(join(dir, 'node_modules', '.bin', 'cdktf-docker-network'), ['graph', 'shop', '--dir', join(dir, 'node-out')], { cwd: dir });
      const lines = graph.stdout.split('\n');
      expect(lines[0]).toBe('flowchart LR');
      expect(lines).toEqual(expect.arrayContaining(['  subgraph host_local["host local"]', '  svc_local_2fTomcat -->|"db"| svc_local_2fMongoDB']));
      expect(graph.stdout).toContain('<-->|"gre fabric mtu 1500"|');
    });

    it('compiles every program under examples/ against the published typings', async () => {
      const { dir } = consumer();
      copyExamples(dir);
      const tsc = await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'examples'], { cwd: dir, reject: false });
      expect({ exitCode: tsc.exitCode, output: tsc.stdout }).toEqual({ exitCode: 0, output: '' });
    }, 120_000);

    it.each(EXAMPLE_CHECKS.map((example) => [example.name, example] as const))('synthesizes examples/%s with node: what it declares is there', async (name, example) => {
      const target = join(consumer().dir, 'examples', name);
      expect(existsSync(join(target, 'main.js'))).toBe(true); // compiled by the test above
      const out = join(target, 'cdktf.out');
      await run('node', ['main.js'], { cwd: target, env: { ...env, CDKTF_OUTDIR: out } });
      expect(existsSync(join(out, 'manifest.json'))).toBe(true); // the example's app called app.synth()
      example.check(out);
    });
  });

  // After the projects above compiled main.js: cdktf's own CLI (or cdktn's) runs the cdktf init project's app.
  describe(`with ${CDK_CLI.command} synth`, () => {
    it(`synthesizes the ${CDK_CLI.command} init project with \`${CDK_CLI.command} synth\`, offline`, async () => {
      const { dir } = consumers.find((c) => c.kind === 'CommonJS')!;
      const synth = await run(CDK_CLI.bin, ['synth'], { cwd: dir, env: { ...env, CI: '1' } });
      const stacks = /Generated Terraform code for the stacks: (.*)/.exec(synth.stdout)?.[1]?.split(', ').sort();
      expect(stacks).toEqual(['shop']);
      expectReadmeStacks(join(dir, 'cdktf.out'));
    });
  });
});
