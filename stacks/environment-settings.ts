import type { Construct } from '../lib/constructs/cdktf.js';
import { assertInput, text, z } from '../lib/model/untyped-input.js';

/** What a single-host environment lets its user override through cdktf context. */
export interface EnvironmentSettings {
  /** Docker endpoint of the environment's host. */
  readonly dockerHost: string;
  /** Prefix of the container names. */
  readonly namePrefix: string;
}

const ENVIRONMENT_SETTINGS = z.strictObject({ dockerHost: text().optional(), namePrefix: text().optional() });

/**
 * The settings under `key` in cdktf context (`undefined` when unset), checked
 * against `schema` like any other untyped input: a wrong type or an unknown
 * setting stops the synth, naming the stack and the setting. Context comes
 * from cdktf.json's `"context"` or from `CDKTF_CONTEXT_JSON`.
 */
export function contextSettings<T>(scope: Construct, key: string, schema: z.ZodType<T>): T | undefined {
  const raw: unknown = scope.node.tryGetContext(key);
  if (raw === undefined) return undefined;
  assertInput(scope.node.path, schema, raw, { whole: `cdktf context "${key}"`, part: `cdktf context "${key}" setting` });
  return raw as T;
}

/**
 * Reads the settings of environment `name`, e.g. in cdktf.json
 * `"context": { "staging": { "dockerHost": "ssh://deploy@staging.example.com" } }`.
 */
export function environmentSettings(scope: Construct, name: string, defaults: EnvironmentSettings): EnvironmentSettings {
  const context = contextSettings(scope, name, ENVIRONMENT_SETTINGS);
  return {
    dockerHost: context?.dockerHost ?? defaults.dockerHost,
    namePrefix: context?.namePrefix ?? defaults.namePrefix,
  };
}
