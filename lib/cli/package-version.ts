import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error.js';

export const PACKAGE_NAME = 'cdktf-docker-network';

/**
 * The version in the package.json of the package named `cdktf-docker-network`,
 * found by walking up from `from` (by default this module's directory). The
 * depth differs between the source (`lib/cli/`) and the compiled package
 * (`dist/lib/cli/`), and other package.json files may sit in between (a
 * consumer's, or one that only sets `"type"`), so the name decides, not the depth.
 */
export function packageVersion(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === PACKAGE_NAME) {
      if (typeof manifest.version === 'string') return manifest.version;
      throw new CliError(`${join(dir, 'package.json')} has no "version". Reinstall ${PACKAGE_NAME}`);
    }
    if (dirname(dir) === dir) {
      throw new CliError(`no package.json of ${PACKAGE_NAME} in ${from} or any directory above it, so the version is unknown. Reinstall ${PACKAGE_NAME}`);
    }
  }
}

/** A package.json's name and version, or `undefined` where there is none (or none that parses: not ours to judge). */
function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as { name?: unknown; version?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
