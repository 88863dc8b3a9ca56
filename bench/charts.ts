/**
 * Draws the charts of bench/README.md from the results files, headless with
 * Vega-Lite: bench/charts/<chart>.svg for each results file that exists. A
 * missing results file skips its charts, saying so; no figure is made up.
 *
 *   npm run bench:charts -- [--results bench/results] [--out bench/charts]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TopLevelSpec } from 'vega-lite';
import { addHostChangesSpec } from './chart-specs/add-host-changes.js';
import { convergenceSpec } from './chart-specs/convergence.js';
import { toSvg } from './chart-specs/render.js';
import type { ConvergeResults, DataplaneResults } from './chart-specs/results-types.js';
import { synthScaleSpec } from './chart-specs/synth-scale.js';
import { throughputSpec } from './chart-specs/throughput.js';
import type { ScaleResults } from './scale/scale-results.js';
import { RESULTS_DIR, type ResultsFile } from './support/results.js';

const CHARTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'charts');

/** Each chart: the results file it reads and how it draws them; `subtitle` names the run's date and machine. */
const CHARTS: ReadonlyArray<{ readonly file: string; readonly results: string; readonly spec: (results: any, subtitle: string) => TopLevelSpec }> = [
  { file: 'throughput.svg', results: 'dataplane', spec: (r: DataplaneResults, s) => throughputSpec(r, s) },
  { file: 'convergence.svg', results: 'converge', spec: (r: ConvergeResults, s) => convergenceSpec(r, s) },
  { file: 'synth-scale.svg', results: 'scale', spec: (r: ScaleResults, s) => synthScaleSpec(r, s) },
  { file: 'add-host-changes.svg', results: 'scale', spec: (r: ScaleResults, s) => addHostChangesSpec(r, s) },
];

/** "2026-11-29, 2 × Intel Xeon …, 23 GiB, Linux 6.1.0": when and where the figures were measured. */
function subtitleOf(file: ResultsFile<unknown>): string {
  const m = file.machine;
  return `${file.date.slice(0, 10)}, ${m.cores} × ${m.cpuModel.trim()}, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node.js ${m.node}${m.terraform ? `, Terraform ${m.terraform}` : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { results: { type: 'string', default: RESULTS_DIR }, out: { type: 'string', default: CHARTS_DIR } } });
  const [resultsDir, chartsDir] = [values.results, values.out];
  mkdirSync(chartsDir, { recursive: true });
  for (const chart of CHARTS) {
    const path = join(resultsDir, `${chart.results}.json`);
    if (!existsSync(path)) {
      console.log(`skipped ${chart.file}: no ${path} (run that benchmark first)`);
      continue;
    }
    const file = JSON.parse(readFileSync(path, 'utf8')) as ResultsFile<unknown>;
    writeFileSync(join(chartsDir, chart.file), await toSvg(chart.spec(file.results, subtitleOf(file))));
    console.log(`wrote ${join(chartsDir, chart.file)} from ${path} (${file.date})`);
  }
}

await main();
