// Parses Mermaid diagrams with the real mermaid parser, outside jest (mermaid
// needs a DOM; jsdom provides one). Reads a JSON array of diagram texts on
// stdin, writes a JSON array of { ok, type } or { ok: false, error }.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const diagram of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(diagram);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error).split('\n')[0] });
  }
}
process.stdout.write(JSON.stringify(results));
