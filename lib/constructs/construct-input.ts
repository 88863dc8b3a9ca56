import type { IConstruct } from './cdktf.js';
import { InvalidInputError, inputProblems, type z } from '../model/untyped-input.js';

/**
 * Checks of what users hand to constructs, run before anything is built from
 * it: props in constructors, arguments of methods. A wrong shape throws at once
 * with the construct path (value rules that need the whole app, such as
 * address conflicts, are reported by validation at synth instead).
 */

/** Throws unless `props` fits `schema`; messages name the prop (`prop "bridge.kind"`). */
export function checkProps(construct: IConstruct, schema: z.ZodType, props: unknown): void {
  throwIfAny(construct, inputProblems(schema, props, { whole: 'props', part: 'prop' }));
}

/**
 * Throws unless every argument of `method` fits its schema, e.g.
 * `checkArguments(this, 'assign', { service: [IS_SERVICE, service], options: [OPTIONS, options] })`;
 * messages name the method and the argument (`assign() options "address"`).
 */
export function checkArguments(construct: IConstruct, method: string, args: Record<string, readonly [z.ZodType, unknown]>): void {
  throwIfAny(
    construct,
    Object.entries(args).flatMap(([name, [schema, value]]) => inputProblems(schema, value, { whole: `${method}() ${name}`, part: `${method}() ${name}` })),
  );
}

/** One InvalidInputError for all of `messages`, each with `construct`'s path. */
function throwIfAny(construct: IConstruct, messages: readonly string[]): void {
  if (messages.length > 0) throw new InvalidInputError(messages.map((message) => ({ path: construct.node.path, message })));
}
