import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** DESIGN.md: model/ and shell/ never import cdktf; only constructs/cdktf.ts imports cdktf at all. */
const LIB = join(import.meta.dirname, '..', 'lib');
const CDKTF_IMPORT = /from\s+['"](cdktf|cdktf\/.*|@cdktf\/.*|constructs)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('layering', () => {
  it('keeps lib/model and lib/shell free of cdktf and constructs', () => {
    const offenders = [...sources(join(LIB, 'model')), ...sources(join(LIB, 'shell'))].filter((file) =>
      CDKTF_IMPORT.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('imports cdktf in one module only', () => {
    const importers = sources(LIB)
      .filter((file) => CDKTF_IMPORT.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(LIB.length + 1));
    expect(importers).toEqual(['constructs/cdktf.ts']);
  });

  it('keeps lib/report and lib/cli free of cdktf and constructs, and report pure of shell', () => {
    // The CLI runs the shell layer's fixed scripts on hosts (verify, repair): it may import lib/shell.
    const offenders = [
      ...sources(join(LIB, 'report')).filter((file) => /from\s+['"]\.\.\/(constructs|shell|cli)\//.test(readFileSync(file, 'utf8'))),
      ...sources(join(LIB, 'cli')).filter((file) => /from\s+['"]\.\.\/constructs\//.test(readFileSync(file, 'utf8'))),
      ...[...sources(join(LIB, 'report')), ...sources(join(LIB, 'cli'))].filter((file) => CDKTF_IMPORT.test(readFileSync(file, 'utf8'))),
    ];
    expect(offenders).toEqual([]);
  });

  it('never lets model import from constructs or shell', () => {
    const offenders = sources(join(LIB, 'model')).filter((file) => /from\s+['"]\.\.\/(constructs|shell)\//.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
