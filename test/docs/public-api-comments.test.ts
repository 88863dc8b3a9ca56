/**
 * The API reference (docs/api/) is generated from the doc comments, so the
 * comments are the documentation: every construct, prop and option a user
 * writes needs a description, and every optional prop says its `@default`.
 * Read with the TypeScript compiler from what lib/index.ts exports, the way
 * typedoc reads it; members marked `@internal` are wiring and not checked.
 */
import { join } from 'node:path';
import ts from 'typescript';

const LIB = join(import.meta.dirname, '..', '..', 'lib');
const INDEX = join(LIB, 'index.ts');
/** The constructs, their props and options: what a user of the package writes. */
const CONSTRUCTS = join(LIB, 'constructs');

const program = ts.createProgram([INDEX], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
});
const checker = program.getTypeChecker();

const declaredIn = (symbol: ts.Symbol, dir: string) => (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(dir));
const description = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
const tags = (symbol: ts.Symbol) => symbol.getJsDocTags(checker).map((tag) => tag.name);
const isInternal = (symbol: ts.Symbol) => tags(symbol).includes('internal');
const isHidden = (symbol: ts.Symbol) =>
  (symbol.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) ||
  symbol.name.startsWith('#') ||
  symbol.name.startsWith('__');

/** What lib/index.ts exports from lib/constructs, by exported name. */
function constructExports(): Map<string, ts.Symbol> {
  const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  const exports = new Map<string, ts.Symbol>();
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (declaredIn(symbol, CONSTRUCTS)) exports.set(exported.name, symbol);
  }
  return exports;
}

/** The members a user sees: declared in this library (not inherited from `Construct`), public, not `@internal`. */
function publicMembers(type: ts.Type): ts.Symbol[] {
  return checker.getPropertiesOfType(type).filter((member) => declaredIn(member, LIB) && !isHidden(member) && !isInternal(member) && member.name !== 'prototype');
}

/** Each gap as `Owner.member: what is missing`. */
function gaps(): string[] {
  const found: string[] = [];
  for (const [name, symbol] of constructExports()) {
    if (description(symbol) === '') found.push(`${name}: no description`);
    if (symbol.flags & ts.SymbolFlags.Interface) {
      for (const prop of publicMembers(checker.getDeclaredTypeOfSymbol(symbol))) {
        if (description(prop) === '') found.push(`${name}.${prop.name}: no description`);
        if (prop.flags & ts.SymbolFlags.Optional && !tags(prop).includes('default')) found.push(`${name}.${prop.name}: optional, but no @default`);
      }
    }
    if (symbol.flags & ts.SymbolFlags.Class) {
      const declaration = symbol.valueDeclaration!;
      const members = [...publicMembers(checker.getDeclaredTypeOfSymbol(symbol)), ...publicMembers(checker.getTypeOfSymbolAtLocation(symbol, declaration))];
      for (const member of members) if (description(member) === '') found.push(`${name}.${member.name}: no description`);
    }
  }
  return found.sort();
}

/**
 * Exports that the published typings would lose: tsconfig.build.json's
 * stripInternal drops every declaration, and every `export` statement, whose
 * leading comment holds the internal tag, even inside a sentence.
 */
function internalExports(): string[] {
  const INTERNAL = /@internal\b/;
  const index = program.getSourceFile(INDEX)!;
  const leadingComments = (node: ts.Node) =>
    (ts.getLeadingCommentRanges(node.getSourceFile().text, node.getFullStart()) ?? []).map((range) => node.getSourceFile().text.slice(range.pos, range.end)).join('\n');
  const statements = index.statements.filter((statement) => INTERNAL.test(leadingComments(statement))).map((statement) => statement.getText().split('\n')[0]!);
  const declarations = [...constructExports()].filter(([, symbol]) => isInternal(symbol)).map(([name]) => name);
  return [...statements, ...declarations];
}

describe('the public API doc comments', () => {
  it('read the exports of lib/index.ts', () => {
    expect([...constructExports().keys()]).toEqual(expect.arrayContaining(['DockerHost', 'DockerHostProps', 'Service', 'ServiceProps', 'OverlayFabric', 'FabricEngine']));
  });

  it('mark no export of lib/index.ts internal (the published typings would drop it)', () => {
    expect(internalExports()).toEqual([]);
  });

  it('describe every construct, prop, option and public member, and give each optional prop its @default', () => {
    expect(gaps()).toEqual([]);
  });
});
