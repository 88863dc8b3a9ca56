/**
 * Vega-Lite to SVG, headless: the charts of bench/README.md are drawn by a
 * plotting library from the results files, never by hand.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Shared look: readable on GitHub's light and dark themes alike (white background). */
export const CONFIG = {
  background: 'white',
  font: 'sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
} as const;

/** Data of a layer drawn once (a target line and its label), not once per row of the chart's data. */
export const ONE_ROW = { values: [{}] };

/** The SVG of a Vega-Lite spec. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile({ ...spec, config: { ...CONFIG, ...spec.config } }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
