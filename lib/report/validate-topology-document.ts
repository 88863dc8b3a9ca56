import { z } from 'zod';
import type { TopologyDocument } from './topology-document.js';
import { TOPOLOGY_SCHEMA_VERSION, topologyDocumentSchema } from './topology-schema.js';
import { TOPOLOGY_SCHEMA_VERSION_1, topologyDocumentV1Schema, upgradeTopologyV1 } from './topology-v1.js';

/** The schema versions this version reads: its own, and version 1 (upgraded as it is read). */
export const READABLE_TOPOLOGY_SCHEMA_VERSIONS: readonly number[] = [TOPOLOGY_SCHEMA_VERSION_1, TOPOLOGY_SCHEMA_VERSION];

/** What checking a parsed `topology.json` found. */
export type TopologyValidation =
  /** The document in this version's shape (a version 1 document upgraded). */
  | { readonly ok: true; readonly document: TopologyDocument }
  /** Written by another version of the format: its shape is not this version's business. */
  | { readonly ok: false; readonly problem: 'schema-version'; readonly found: number }
  /** One line per bad field, each naming the field by its JSON path, e.g. `services[2].addresses[0].network must be a string (got 7)`. */
  | { readonly ok: false; readonly problem: 'shape'; readonly issues: readonly string[] };

/**
 * Checks a parsed `topology.json` (any JSON value) against the schema of its
 * version. The schema version is looked at first, so a document of a version
 * this one cannot read is reported as such rather than as a list of fields this
 * version does not know. A version 1 document is checked against version 1's
 * schema (a bad field is named by its path in that file) and then upgraded.
 */
export function validateTopologyDocument(value: unknown): TopologyValidation {
  const version = isRecord(value) ? value['schemaVersion'] : undefined;
  if (typeof version === 'number' && !READABLE_TOPOLOGY_SCHEMA_VERSIONS.includes(version)) return { ok: false, problem: 'schema-version', found: version };
  if (version === TOPOLOGY_SCHEMA_VERSION_1) {
    const v1 = topologyDocumentV1Schema.safeParse(value, { error: phrase, reportInput: true });
    return v1.success ? { ok: true, document: upgradeTopologyV1(v1.data) } : shapeProblem(v1.error);
  }
  const result = topologyDocumentSchema.safeParse(value, { error: phrase, reportInput: true });
  return result.success ? { ok: true, document: result.data } : shapeProblem(result.error);
}

function shapeProblem(error: z.ZodError): TopologyValidation {
  const line = (issue: z.core.$ZodIssue) => {
    const input = offendingValue(issue);
    return `${jsonPath(issue.path)} ${issue.message}${input === undefined ? '' : ` (got ${shown(input)})`}`;
  };
  return { ok: false, problem: 'shape', issues: error.issues.map(line) };
}

/**
 * The value at the issue's path. An unknown discriminator (a fabric engine's
 * `type`) is reported at the discriminator's path but with the whole object
 * as its input: the value is the object's discriminator.
 */
function offendingValue(issue: z.core.$ZodIssue | z.core.$ZodRawIssue): unknown {
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && isRecord(issue.input)) return issue.input[issue.discriminator];
  return issue.input;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `services[2].addresses[0].network`; `the document` for the root. */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the document';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const text = String(key);
      const plain = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text);
      return plain ? `${i === 0 ? '' : '.'}${text}` : `[${JSON.stringify(text)}]`;
    })
    .join('');
}

/** A JSON value as a reviewer would quote it: short, and with its type visible. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  object: 'an object',
  array: 'an array',
  tuple: 'an array',
  boolean: 'true or false',
};

/** `"tcp"`; `one of "gre", "vxlan"`. */
function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

/**
 * The message of each issue, as the middle of "<field> <message> (got <value>)".
 * Passed per parse, so a message written into the schema itself still wins.
 */
function phrase(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `is missing; it must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.input === undefined ? `is missing; it must be ${oneOf(issue.values)}` : `must be ${oneOf(issue.values)}`;
    case 'too_small':
      if (issue.origin === 'string') return `must not be empty`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item${Number(issue.maximum) === 1 ? '' : 's'}`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_union':
      // A discriminated union (a fabric's engine) whose `type` names none of its kinds.
      if ('options' in issue && Array.isArray(issue.options) && issue.options.length > 0) {
        return offendingValue(issue) === undefined ? `is missing; it must be ${oneOf(issue.options)}` : `must be ${oneOf(issue.options)}`;
      }
      return `is not valid`;
    default:
      return `is not valid`;
  }
}
