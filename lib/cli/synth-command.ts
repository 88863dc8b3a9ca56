/**
 * The command that writes a synth output, as messages name it: cdktf's CLI, or
 * that of CDK Terrain (cdktn, the community continuation of cdktf; see
 * docs/cdktn.md), which writes the same `cdktf.out`.
 */
export const SYNTH_COMMAND = 'npx cdktf synth (or npx cdktn synth)';
