import type { Construct } from '../lib/constructs/cdktf.js';

/** What a single-host environment lets its user override through cdktf context. */
export interface EnvironmentSettings {
  /** Docker endpoint of the environment's host. */
  readonly dockerHost: string;
  /** Prefix of the container names. */
  readonly namePrefix: string;
}

/**
 * The object at `path` in cdktf context (`undefined` when unset), checked to hold
 * only `known` keys. Context comes from cdktf.json's `"context"` or from
 * `CDKTF_CONTEXT_JSON`.
 */
export function contextObject(raw: unknown, path: string, known: readonly string[]): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`cdktf context "${path}" must be an object with ${known.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`cdktf context "${path}" has unknown settings ${unknown.join(', ')}; known settings: ${known.join(', ')}`);
  return raw as Record<string, unknown>;
}

/** A string setting of a context object, or its default. */
export function stringSetting(context: Record<string, unknown> | undefined, path: string, key: string, fallback: string): string {
  const value = context?.[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new Error(`cdktf context "${path}.${key}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Reads the settings of environment `name`, e.g. in cdktf.json
 * `"context": { "staging": { "dockerHost": "ssh://deploy@staging.example.com" } }`.
 */
export function environmentSettings(scope: Construct, name: string, defaults: EnvironmentSettings): EnvironmentSettings {
  const context = contextObject(scope.node.tryGetContext(name), name, ['dockerHost', 'namePrefix']);
  return {
    dockerHost: stringSetting(context, name, 'dockerHost', defaults.dockerHost),
    namePrefix: stringSetting(context, name, 'namePrefix', defaults.namePrefix),
  };
}
