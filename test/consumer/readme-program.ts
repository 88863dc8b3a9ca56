/**
 * The documentation's TypeScript examples as one program, the way a reader
 * pastes them into a fresh project: the README's blocks, then each page of
 * docs/ in DOC_PAGES order, imports merged at the top (TypeScript rejects a
 * name imported twice), one `app.synth()` at the end. Everything else is the
 * pages' text, unchanged: each block uses only what it or an earlier block
 * declares (the README's example declares `app`, `stack`, `host`, `db`, `web`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReadmeSnippet {
  /** 1-based position among the ```ts blocks that use the package. */
  readonly index: number;
  readonly code: string;
  /** The file it comes from, relative to the repository (README.md, docs/…). */
  readonly page?: string;
}

export const PACKAGE_NAME = 'cdktf-docker-network';

/**
 * The pages of docs/ in the order a reader meets them: the README links them so,
 * and a page's examples may use what an earlier page declared. Every page is
 * listed, with or without examples (a test checks), so a new page is placed on purpose.
 */
export const DOC_PAGES = [
  'constructs.md',
  'engines.md',
  'reviewing-changes.md',
  'day-two.md',
  'validation.md',
  'article.md',
  'cdktn.md',
  'environments.md',
  'lab.md',
  'development.md',
] as const;

/** The markdown files of `root`/docs (the generated API reference under docs/api is not among them). */
export function docPagesIn(root: string): string[] {
  return readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).sort();
}

/**
 * Pages whose example is a whole program of another kind, not a continuation of
 * the README's: docs/cdktn.md imports `App` from `cdktn`, which a cdktf project
 * does not have.
 */
export const PAGES_WITH_THEIR_OWN_PROGRAM: readonly (typeof DOC_PAGES)[number][] = ['cdktn.md'];

/** The package's examples in the README and the pages of docs/, in reading order, numbered across them. */
export function documentationSnippets(root: string): (ReadmeSnippet & { readonly page: string })[] {
  const pages = ['README.md', ...DOC_PAGES.filter((page) => !PAGES_WITH_THEIR_OWN_PROGRAM.includes(page)).map((page) => `docs/${page}`)];
  const snippets = pages.flatMap((page) => packageSnippets(readFileSync(join(root, page), 'utf8')).map((snippet) => ({ ...snippet, page })));
  return snippets.map((snippet, i) => ({ ...snippet, index: i + 1 }));
}

/** The README's ```ts blocks that import the package, in order. */
export function packageSnippets(markdown: string): ReadmeSnippet[] {
  const usesPackage = new RegExp(`from\\s+['"]${PACKAGE_NAME}['"]`);
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1]!)
    .filter((code) => usesPackage.test(code))
    .map((code, i) => ({ index: i + 1, code }));
}

/** One TypeScript program made of `snippets`, pasted in order. */
export function pasteAsProgram(snippets: readonly ReadmeSnippet[]): string {
  const imports = new Map<string, string[]>();
  const body: string[] = [];
  for (const snippet of snippets) {
    const code = snippet.code
      .replace(/^import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?[ \t]*\n?/gm, (_, names: string, module: string) => {
        const list = imports.get(module) ?? [];
        for (const name of names.split(',').map((n) => n.trim()).filter((n) => n !== '')) if (!list.includes(name)) list.push(name);
        imports.set(module, list);
        return '';
      })
      .replace(/^app\.synth\(\);[ \t]*\n?/gm, '')
      .trim();
    body.push(`// ---- block ${snippet.index}${snippet.page ? ` (${snippet.page})` : ''}`, code);
  }
  return [
    `// Generated from README.md and docs/ by test/consumer/readme-program.ts: their examples pasted in order.`,
    ...[...imports].map(([module, names]) => `import { ${names.join(', ')} } from '${module}';`),
    '',
    ...body,
    '',
    '// ---- synthesize once everything is declared',
    'app.synth();',
    '',
  ].join('\n');
}
