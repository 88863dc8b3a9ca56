import type { IConstruct } from './cdktf.js';
import { formatProblem, type Problem } from '../model/problem.js';

/**
 * Turns model problems into cdktf validation messages for `construct`. cdktf
 * already prefixes each message with the construct's path, so a problem about
 * the construct itself is reported bare, one about another construct with its path.
 */
export function reportProblems(construct: IConstruct, problems: readonly Problem[]): string[] {
  return problems.map((p) => (p.path === construct.node.path ? p.message : formatProblem(p)));
}
