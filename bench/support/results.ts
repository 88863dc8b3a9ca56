/**
 * Where a benchmark's results go: `bench/results/<name>.json`, with the date
 * and the machine, so the charts and bench/README.md quote them as measured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, type MachineInfo } from './machine.js';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** The envelope every results file has. */
export interface ResultsFile<T> {
  readonly benchmark: string;
  /** ISO timestamp of the end of the run. */
  readonly date: string;
  readonly machine: MachineInfo;
  readonly results: T;
}

/** Writes `bench/results/<name>.json` and returns its path. */
export async function writeResults<T>(name: string, results: T): Promise<string> {
  const file: ResultsFile<T> = { benchmark: name, date: new Date().toISOString(), machine: await machineInfo(), results };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}
