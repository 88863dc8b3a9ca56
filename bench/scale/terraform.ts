/**
 * Real Terraform on the synthesized stack, through the lab's stand-ins for the
 * Docker resources (lab/docker-provider-stand-in.ts): the Docker provider
 * cannot be downloaded here, so each `docker_*` resource becomes a
 * `terraform_data` that keeps its arguments, references and dependencies —
 * the nearest plannable thing to the real configuration.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeLabDeployableConfig } from '../../lab/docker-provider-stand-in.js';

/** The image every stand-in container names; only its text matters, nothing runs. */
const IMAGE = 'busybox:1.36';

const ENV = { CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', NO_COLOR: '1' };

/** terraform -chdir=<dir> …; stdout goes nowhere unless `keepStdout` (a full plan prints megabytes). */
async function terraform(dir: string, args: readonly string[], keepStdout = false): Promise<string> {
  const run = await execa('terraform', [`-chdir=${dir}`, ...args], {
    env: ENV,
    stdout: keepStdout ? 'pipe' : 'ignore',
    maxBuffer: 1024 * 1024 * 1024,
    reject: false,
  });
  if (run.exitCode !== 0) throw new Error(`terraform ${args.join(' ')} in ${dir} failed (${run.exitCode}): ${run.stderr}`);
  return keepStdout ? String(run.stdout) : '';
}

/**
 * Makes `dir` hold the stand-in translation of the synthesized `cdk.tf.json`
 * at `synthesized`, as Terraform reads it.
 */
export function standInDirectory(synthesized: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(synthesized, join(dir, 'cdk.tf.json'));
  writeLabDeployableConfig(dir, { image: IMAGE });
}

/** `terraform init` in `dir`: only built-in providers, so nothing is downloaded. */
export async function initialize(dir: string): Promise<void> {
  await terraform(dir, ['init', '-input=false']);
}

/**
 * Milliseconds of full `terraform plan`s of `dir` against no state (everything
 * to create): `repeat` of them, or fewer once `budgetMs` is spent (at least one).
 */
export async function timePlans(dir: string, repeat: number, budgetMs: number): Promise<number[]> {
  const times: number[] = [];
  const started = performance.now();
  while (times.length < repeat && (times.length === 0 || performance.now() - started < budgetMs)) {
    const started = performance.now();
    await terraform(dir, ['plan', '-input=false', '-lock=false']);
    times.push(performance.now() - started);
  }
  return times;
}

/** Resources a plan changes, by action (Terraform's machine-readable `planned_change` messages). */
export interface PlannedChanges {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly total: number;
}

/**
 * `cdk.tf.json` of `dir` without any provisioner: applying it makes the same
 * state (a `terraform_data` stores only its `input` and `triggers_replace`)
 * but runs no script and no docker command, so no host is needed.
 */
function stripProvisioners(dir: string): void {
  const path = join(dir, 'cdk.tf.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { resource?: { terraform_data?: Record<string, Record<string, unknown>> } };
  for (const body of Object.values(config.resource?.terraform_data ?? {})) delete body.provisioner;
  writeFileSync(path, JSON.stringify(config));
}

/**
 * What Terraform would change going from the stack of `before` (applied into a
 * local state, provisioners stripped) to the stack of `after` — both
 * stand-in directories made by {@link standInDirectory}: `after`'s
 * configuration is planned in `before`'s directory, against its state.
 */
export async function plannedChanges(before: string, after: string): Promise<PlannedChanges> {
  stripProvisioners(before);
  await terraform(before, ['apply', '-auto-approve', '-input=false', '-lock=false']);
  copyFileSync(join(after, 'cdk.tf.json'), join(before, 'cdk.tf.json'));
  stripProvisioners(before);
  const lines = (await terraform(before, ['plan', '-json', '-input=false', '-lock=false'], true)).split('\n').filter(Boolean);
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  // Resources with no change are not reported; moves, imports and reads do not occur here.
  for (const line of lines) {
    const message = JSON.parse(line) as { type: string; change?: { action: string } };
    if (message.type !== 'planned_change') continue;
    const action = message.change!.action;
    if (action in counts) counts[action as keyof typeof counts]++;
    else if (action !== 'noop') throw new Error(`unexpected planned action ${action}`);
  }
  return { ...counts, total: counts.create + counts.update + counts.replace + counts.delete };
}
