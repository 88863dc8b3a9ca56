import { runCommand, type CommandResult } from './lab.js';

/** Where and with what Terraform runs. */
export interface TerraformRunOptions {
  /** Run inside this network namespace (under /run/netns), e.g. a lab host that reaches others over the underlay. */
  readonly namespace?: string;
  /** Extra environment, e.g. `TF_VAR_…` values. */
  readonly env?: Record<string, string>;
}

/** The real terraform binary in `dir` (terraform -chdir=<dir> …), quiet and without calling home. */
export function terraformIn(dir: string, args: readonly string[], reject = true, options: TerraformRunOptions = {}): Promise<CommandResult> {
  const command = ['terraform', `-chdir=${dir}`, ...args];
  const [program, ...rest] = options.namespace ? ['nsenter', `--net=/run/netns/${options.namespace}`, ...command] : command;
  return runCommand(program!, rest, {
    env: {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      NO_COLOR: '1',
      ...options.env,
    },
    reject,
    timeout: 300_000,
  });
}

/** Resources in the state, as `terraform show -json` reports them. */
export async function stateResources(dir: string): Promise<Array<{ address: string; type: string; name: string; values: Record<string, any> }>> {
  const { stdout } = await terraformIn(dir, ['show', '-json']);
  const state = JSON.parse(stdout);
  return state.values?.root_module?.resources ?? [];
}

/** Exit code of `terraform plan -detailed-exitcode`: 0 no changes, 2 changes. */
export async function planExitCode(dir: string, options: TerraformRunOptions = {}): Promise<number> {
  return (await terraformIn(dir, ['plan', '-detailed-exitcode', '-input=false'], false, options)).exitCode;
}
