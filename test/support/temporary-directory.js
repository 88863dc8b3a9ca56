import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary directory for the whole test run, set as TMPDIR for every
 * test and every process it starts, and removed at the end: cdktf's
 * Testing.app() makes a directory per call (tens of thousands in the
 * hostile-strings test) and never removes them. Plain JavaScript: jest loads
 * global setup outside its module mapping.
 */
const VARIABLE = 'CDN_TEST_TMPDIR';

/** jest globalSetup. */
export function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'cdn-test-run-'));
  // Like /tmp: tests that drop root (the demo's "without root" check) still need a temporary directory.
  chmodSync(dir, 0o1777);
  process.env[VARIABLE] = dir;
  process.env.TMPDIR = dir;
}

/** jest globalTeardown. */
export function teardown() {
  const dir = process.env[VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
