import { lstatSync, statSync } from 'node:fs';

/**
 * What is at `path`. A broken symlink counts as present (`other`), so reading
 * it reports the broken link rather than treating the file as absent.
 */
export function pathEntry(path: string): 'missing' | 'directory' | 'other' {
  if (!lstatSync(path, { throwIfNoEntry: false })) return 'missing';
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'other';
  }
}
