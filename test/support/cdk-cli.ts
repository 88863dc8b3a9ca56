import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const devDependencies = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;

/**
 * The CDK CLI this repository is set up with: cdktf-cli, or CDK Terrain's
 * cdktn-cli where .ci/cdktn-check swapped it in. Both have the same commands
 * and the same project template, under their own names.
 */
export const CDK_CLI =
  devDependencies['cdktn-cli'] !== undefined
    ? { package: 'cdktn-cli', command: 'cdktn', bin: join(ROOT, 'node_modules', '.bin', 'cdktn') }
    : { package: 'cdktf-cli', command: 'cdktf', bin: join(ROOT, 'node_modules', '.bin', 'cdktf') };
