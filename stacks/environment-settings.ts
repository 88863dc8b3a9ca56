import type { Construct } from '../lib/constructs/cdktf.js';

/** What an environment lets its user override through cdktf context. */
export interface EnvironmentSettings {
  /** Docker endpoint of the environment's host. */
  readonly dockerHost: string;
  /** Prefix of the container names. */
  readonly namePrefix: string;
}

/**
 * Reads the settings of environment `name` from cdktf context, e.g. in cdktf.json
 * `"context": { "staging": { "dockerHost": "ssh://deploy@staging.example.com" } }`
 * or `CDKTF_CONTEXT_JSON='{"staging":{"namePrefix":"staging-"}}'`.
 */
export function environmentSettings(scope: Construct, name: string, defaults: EnvironmentSettings): EnvironmentSettings {
  const raw: unknown = scope.node.tryGetContext(name);
  if (raw === undefined) return defaults;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`cdktf context "${name}" must be an object such as {"dockerHost": "unix:///var/run/docker.sock"}, got ${JSON.stringify(raw)}`);
  }
  const context = raw as Record<string, unknown>;
  const known = Object.keys(defaults);
  const unknown = Object.keys(context).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new Error(`cdktf context "${name}" has unknown settings ${unknown.join(', ')}; known settings: ${known.join(', ')}`);
  }
  const pick = (key: keyof EnvironmentSettings): string => {
    const value = context[key];
    if (value === undefined) return defaults[key];
    if (typeof value !== 'string') throw new Error(`cdktf context "${name}.${key}" must be a string, got ${JSON.stringify(value)}`);
    return value;
  };
  return { dockerHost: pick('dockerHost'), namePrefix: pick('namePrefix') };
}
