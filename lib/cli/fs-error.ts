/** Plain words for the file-system errors a user can meet, with the code kept for searching. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist (or it is a symlink to something that does not)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links (a symlink that points to itself?)',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EISDIR: 'it is a directory',
};

/** `permission denied (EACCES)`, or the error's own message for a code not listed. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
