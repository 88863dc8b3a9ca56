import { z } from 'zod';
import type { TopologyDocument } from './topology-document.js';
import { TOPOLOGY_SCHEMA_VERSION, topologyDocumentSchema } from './topology-schema.js';

/** What checking a parsed `topology.json` found. */
export type TopologyValidation =
  | { readonly ok: true; readonly document: TopologyDocument }
  /** Written by another version of the format: its shape is not this version's business. */
  | { readonly ok: false; readonly problem: 'schema-version'; readonly found: number }
  /** One line per bad field, each naming the field by its JSON path, e.g. `services[2].addresses[0].network must be a string (got 7)`. */
  | { readonly ok: false; readonly problem: 'shape'; readonly issues: readonly string[] };

/**
 * Checks a parsed `topology.json` (any JSON value) against the schema. The
 * schema version is looked at first, so a document of another version is
 * reported as such rather than as a list of fields this version does not know.
 */
export function validateTopologyDocument(value: unknown): TopologyValidation {
  const version = isRecord(value) ? value['schemaVersion'] : undefined;
  if (typeof version === 'number' && version !== TOPOLOGY_SCHEMA_VERSION) return { ok: false, problem: 'schema-version', found: version };
  const result = topologyDocumentSchema.safeParse(value, { error: phrase, reportInput: true });
  if (result.success) return { ok: true, document: result.data };
  const line = (issue: z.core.$ZodIssue) => `${jsonPath(issue.path)} ${issue.message}${issue.input === undefined ? '' : ` (got ${shown(issue.input)})`}`;
  return { ok: false, problem: 'shape', issues: result.error.issues.map(line) };
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
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return `must not be empty`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item${Number(issue.maximum) === 1 ? '' : 's'}`;
      return `must be at most ${issue.maximum}`;
    default:
      return `is not valid`;
  }
}
