import { Testing, type TerraformStack } from '../../lib/constructs/cdktf.js';

/** Synthesized Terraform JSON of a stack, with validations run (as `cdktf synth` does). */
export interface SynthesizedStack {
  readonly json: string;
  readonly config: { provider?: Record<string, unknown[]>; resource: Record<string, Record<string, Record<string, any>>> };
}

export function synth(stack: TerraformStack): SynthesizedStack {
  const json = Testing.synth(stack, true);
  return { json, config: JSON.parse(json) };
}

/** The logical id and body of the one resource of `type` whose `name` is `name`. */
export function resourceNamed(config: SynthesizedStack['config'], type: string, name: string): { id: string; body: Record<string, any> } {
  const matches = Object.entries(config.resource[type] ?? {}).filter(([, body]) => body.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
  const [id, body] = matches[0]!;
  return { id, body };
}

/** The validation failure message of synthesizing `stack`, or a failure if it synthesizes. */
export function synthErrors(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected synth to fail validation, but it succeeded');
}
