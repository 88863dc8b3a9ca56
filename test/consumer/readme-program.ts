/**
 * The README's TypeScript examples as one program, the way a reader pastes them
 * into a fresh project: blocks in README order, imports merged at the top
 * (TypeScript rejects a name imported twice), one `app.synth()` at the end.
 * Everything else is the README's text, unchanged: each block uses only what
 * it or an earlier block declares.
 */

export interface ReadmeSnippet {
  /** 1-based position among the README's ```ts blocks that use the package. */
  readonly index: number;
  readonly code: string;
}

export const PACKAGE_NAME = 'cdktf-docker-network';

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
    body.push(`// ---- README block ${snippet.index}`, code);
  }
  return [
    `// Generated from README.md by test/consumer/readme-program.ts: the README's examples pasted in order.`,
    ...[...imports].map(([module, names]) => `import { ${names.join(', ')} } from '${module}';`),
    '',
    ...body,
    '',
    '// ---- synthesize once everything is declared',
    'app.synth();',
    '',
  ].join('\n');
}
