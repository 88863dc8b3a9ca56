/**
 * docs/api/ is the API reference typedoc generates from the doc comments
 * (typedoc.json). It is committed, so it must be what the sources generate
 * now: this test generates it again into a temporary directory with the same
 * settings and compares every file. typedoc.json also turns typedoc's warnings
 * into errors, so a public declaration that refers to something unexported, or
 * a broken {@link}, fails here too. (typedoc.json skips typedoc's own type
 * check, which is `npm run typecheck`'s job: it is faster, and a full check
 * creates types in another order, which reorders union members in the output.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';

const ROOT = join(import.meta.dirname, '..', '..');
const COMMITTED = join(ROOT, 'docs', 'api');
const FIX = 'Run `npm run docs:api` and commit docs/api/.';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

let fresh = '';
let typedoc: { exitCode: number | undefined; output: string };

beforeAll(async () => {
  fresh = mkdtempSync(join(tmpdir(), 'cdn-api-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = await execa(join(ROOT, 'node_modules', '.bin', 'typedoc'), ['--out', fresh], { cwd: ROOT, env, extendEnv: false, reject: false, all: true });
  typedoc = { exitCode: result.exitCode, output: result.all };
}, 120_000);

afterAll(() => {
  if (fresh !== '') rmSync(fresh, { recursive: true, force: true });
});

describe('the API reference in docs/api/', () => {
  it('generates without warnings (nothing public refers to an unexported type, no broken links)', () => {
    expect(typedoc).toEqual({ exitCode: 0, output: expect.not.stringMatching(/\[warning\]|\[error\]/) });
  });

  it('is what the doc comments generate now', () => {
    const expected = filesUnder(fresh);
    const committed = new Set(filesUnder(COMMITTED));
    const missing = expected.filter((file) => !committed.has(file));
    const extra = [...committed].filter((file) => !expected.includes(file));
    const stale = expected.filter((file) => committed.has(file) && readFileSync(join(fresh, file), 'utf8') !== readFileSync(join(COMMITTED, file), 'utf8'));
    const problems = [
      ...stale.map((file) => `stale: docs/api/${file}`),
      ...missing.map((file) => `missing: docs/api/${file}`),
      ...extra.map((file) => `no longer generated: docs/api/${file}`),
    ];
    if (problems.length > 0) throw new Error(`docs/api/ is out of date with the doc comments. ${FIX}\n${problems.join('\n')}`);
    expect(expected.length).toBeGreaterThan(0);
  });
});
