import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { Problem } from './problem.js';

/**
 * Types vanish at run time: props often come from JSON files or cdktf context,
 * where a typo'd key, a number in quotes or an unknown enum value passes every
 * TypeScript check. Every construct checks its props and method arguments
 * against a schema of this module before using them, and reports each finding
 * as "what is wrong. How to fix it", naming the prop.
 */

export { z };

/** A UTF-16 surrogate without its partner: not a character, and not valid in the UTF-8 Terraform reads. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A carriage return without its line feed: after one, Terraform (1.11) reads
 * the rest of a string differently — `$$${` stays as written instead of
 * becoming `$${` — so escaped user text would not come back as written.
 */
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/**
 * Any text a user may write: everything but NUL, which no shell word, file or
 * Terraform string can carry, lone surrogates (JSON's `"\ud800"`), which make
 * the whole `cdk.tf.json` unreadable to Terraform, and lone carriage returns.
 */
export function text(): z.ZodString {
  return z
    .string()
    .refine((value) => !value.includes('\0'), { message: 'contains a NUL byte. Remove it' })
    .refine((value) => !LONE_SURROGATE.test(value), { message: 'contains a lone UTF-16 surrogate, which is not a character. Remove it or write the whole character' })
    .refine((value) => !LONE_CARRIAGE_RETURN.test(value), {
      message: 'contains a carriage return without a line feed after it, after which Terraform would not read the text as written. Remove it, or end the line with \\r\\n',
    });
}

/** One of a fixed set of strings, e.g. `oneOf(['gre', 'vxlan'])`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values);
}

/**
 * An object of a class the schema cannot import (a construct, a value object):
 * `is` recognises it, `expected` says what to pass, e.g. "a DockerHost (new DockerHost(stack, 'h1'))".
 */
export function instanceOf<T>(is: (value: unknown) => value is T, expected: string) {
  return z.custom<T>((value) => is(value), { message: `must be ${expected}` });
}

/**
 * A strict object schema whose keys are exactly those of `P`: the compiler
 * rejects a schema that forgets a prop or names one `P` does not have, and
 * the schema rejects unknown keys at run time (a misspelt prop from JSON).
 */
export function propsOf<P extends object>() {
  return <S extends { [K in keyof P]-?: z.ZodType }>(shape: S & Record<Exclude<keyof S, keyof P>, never>) => z.strictObject(shape);
}

/** Describes a value for a message: strings quoted, numbers as they are, other things by their kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') return 'a function';
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** The candidate closest to `typed`, when it is close enough to be what was meant. */
function suggestion(typed: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const guess = closest(typed, [...candidates]);
  return distance(typed.toLowerCase(), guess.toLowerCase()) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}

const ARTICLE: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object', record: 'an object', array: 'a list' };

/**
 * How messages name what they are about: `whole` for the value itself (e.g.
 * "props"), `part` before the path of a field inside it (e.g. `prop "bridge.kind"`).
 */
export interface InputSubject {
  readonly whole: string;
  readonly part: string;
}

function pathText(subject: InputSubject, path: readonly PropertyKey[]): string {
  const rendered = path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
  return rendered ? `${subject.part} "${rendered}"` : subject.whole;
}

function typeFix(expected: string, input: unknown): string {
  if (expected === 'number' && typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input))) {
    return `Write it as a number, without quotes: ${Number(input)}`;
  }
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) return `Write it in quotes: "${String(input)}"`;
  if (expected === 'boolean' && (input === 'true' || input === 'false')) return `Write it without quotes: ${input}`;
  return `Pass ${ARTICLE[expected] ?? expected}`;
}

/** One zod issue as a sentence pair: what is wrong, then how to fix it. */
function issueMessage(issue: z.core.$ZodIssue, subject: InputSubject, value: unknown, keysOf: Map<string, string[]>): string[] {
  const at = pathText(subject, issue.path);
  const input = issue.path.reduce<unknown>((current, key) => (current as Record<PropertyKey, unknown> | undefined)?.[key], value);
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return [`${at} is required. Set it`];
      if (issue.expected === 'object' && keysOf.has(pathKey(issue.path))) {
        return [`${at} must be an object, got ${describeValue(input)}. Pass an object with ${keysOf.get(pathKey(issue.path))!.join(', ')}`];
      }
      return [`${at} must be ${ARTICLE[issue.expected] ?? issue.expected}, got ${describeValue(input)}. ${typeFix(issue.expected, input)}`];
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      if (input === undefined) return [`${at} is required. Set it to one of ${allowed.join(', ')}`];
      const guess = typeof input === 'string' ? suggestion(input, issue.values.map(String)) : undefined;
      const hint = guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : '';
      return [`${at} is ${describeValue(input)}, which is not one of ${allowed.join(', ')}${hint}. Use one of those`];
    }
    case 'unrecognized_keys': {
      return issue.keys.map((key) => {
        const known = keysOf.get(pathKey(issue.path)) ?? [];
        const guess = suggestion(key, known);
        const where = pathText(subject, [...issue.path, key]);
        return `${where} is not a known setting${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}. Remove it; known: ${known.join(', ') || '(none)'}`;
      });
    }
    default:
      // A custom check's message says what the value must be ("must be a DockerHost (…)").
      if (input === undefined && issue.code === 'custom') return [`${at} is required: it ${issue.message}`];
      return [`${at} ${issue.message}`];
  }
}

/** A path as {@link objectKeysByPath} files it: list indexes are all `[]`. */
const pathKey = (path: readonly PropertyKey[]) => path.map((key) => (typeof key === 'number' ? '[]' : String(key))).join('.');

/** The keys each object schema inside `schema` accepts, by the path that leads to it. */
function objectKeysByPath(schema: z.ZodType, path: PropertyKey[] = [], found = new Map<string, string[]>()): Map<string, string[]> {
  const def = (schema as unknown as { def?: Record<string, unknown> }).def;
  if (!def) return found;
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
    objectKeysByPath(def.innerType as z.ZodType, path, found);
  } else if (def.type === 'object') {
    const shape = def.shape as Record<string, z.ZodType>;
    found.set(pathKey(path), Object.keys(shape));
    for (const [key, child] of Object.entries(shape)) objectKeysByPath(child, [...path, key], found);
  } else if (def.type === 'array') {
    objectKeysByPath(def.element as z.ZodType, [...path, 0], found);
  }
  return found;
}

/**
 * Problems of `value` against `schema`, each a sentence pair naming the
 * offending field through `subject`.
 */
export function inputProblems(schema: z.ZodType, value: unknown, subject: InputSubject): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  const keysOf = objectKeysByPath(schema);
  return result.error.issues.flatMap((issue) => issueMessage(issue, subject, value, keysOf));
}

/** Thrown when props or method arguments have the wrong shape: every problem, each with the construct path. */
export class InvalidInputError extends Error {
  public constructor(public readonly problems: readonly Problem[]) {
    super(`Invalid input with the following errors:\n${problems.map((p) => `  [${p.path}] ${p.message}`).join('\n')}`);
    this.name = 'InvalidInputError';
  }
}

/** Throws an {@link InvalidInputError} for `path` unless `value` fits `schema`. */
export function assertInput(path: string, schema: z.ZodType, value: unknown, subject: InputSubject): void {
  const problems = inputProblems(schema, value, subject);
  if (problems.length > 0) throw new InvalidInputError(problems.map((message) => ({ path, message })));
}
