import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformStack } from './cdktf.js';
import { toDot } from '../report/dot.js';
import { topologyJson } from '../report/topology-document.js';
import { topologyMarkdown } from '../report/topology-markdown.js';
import { topologyDocumentOf } from './topology-document-of.js';

/** The files written next to each stack's `cdk.tf.json`. */
export const TOPOLOGY_FILES = { json: 'topology.json', markdown: 'topology.md', dot: 'topology.dot' } as const;

const enabled = new WeakSet<TerraformStack>();

/**
 * Makes every synth of `stack` also write `topology.json`, `topology.md` and
 * `topology.dot` beside its `cdk.tf.json`, after validation passed. Wraps the
 * stack's synthesizer (a public cdktf extension point); safe to call repeatedly.
 */
export function enableTopologyReports(stack: TerraformStack): void {
  if (enabled.has(stack)) return;
  enabled.add(stack);
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session) {
      inner.synthesize(session);
      const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      mkdirSync(dir, { recursive: true });
      const document = topologyDocumentOf(stack);
      writeFileSync(join(dir, TOPOLOGY_FILES.json), topologyJson(document));
      writeFileSync(join(dir, TOPOLOGY_FILES.markdown), topologyMarkdown(document));
      writeFileSync(join(dir, TOPOLOGY_FILES.dot), toDot(document));
    },
  };
}
