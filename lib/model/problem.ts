/**
 * A validation finding: where it was declared (a construct path, opaque to the
 * model), what is wrong and how to fix it, as one sentence pair.
 */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** `path: message`, the form used when a problem is reported away from its source. */
export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}
