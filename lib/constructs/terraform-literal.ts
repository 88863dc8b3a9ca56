import { Token, Tokenization } from './cdktf.js';

/**
 * Every string Terraform reads in `cdk.tf.json` is a template: `${…}` is
 * evaluated and `%{…}` is a directive. User text must reach Terraform as
 * written, so it goes through {@link terraformLiteral} before it is placed in a
 * resource: literal `${` becomes `$${` and `%{` becomes `%%{` (Terraform's
 * escapes), while cdktf tokens in the same string (a reference, a variable, a
 * lazily planned address) stay expressions.
 */

/** Terraform's escapes for the two template introducers in plain text. */
export function escapeTemplateSequences(text: string): string {
  return text.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** A literal right before an interpolation must not end in `$`: `$` + `${x}` would read as the escape `$${`. */
function beforeInterpolation(escaped: string): string {
  const trailing = /\$+$/.exec(escaped)?.[0] ?? '';
  return escaped.slice(0, escaped.length - trailing.length) + '${"$"}'.repeat(trailing.length);
}

/** The part of the string joined so far (already escaped: never escaped again). */
class Joined {
  public constructor(public readonly text: string) {}
}

/**
 * `value` with its literal parts escaped for Terraform and its cdktf tokens
 * kept, so Terraform evaluates exactly the expressions cdktf generated and
 * none of the user's text.
 */
export function terraformLiteral(value: string): string {
  if (!Token.isUnresolved(value)) return escapeTemplateSequences(value);
  // cdktf hands each fragment over as a string: a token as its marker (`${TfToken[…]}`), which no literal fragment contains.
  const isToken = (part: unknown) => typeof part === 'string' && Token.isUnresolved(part);
  const asText = (part: unknown): string => {
    if (part instanceof Joined) return part.text;
    return isToken(part) ? String(part) : escapeTemplateSequences(String(part));
  };
  const joined: unknown = Tokenization.reverseString(value).join({
    join: (left: unknown, right: unknown) => new Joined((isToken(right) ? beforeInterpolation(asText(left)) : asText(left)) + asText(right)),
  });
  return asText(joined);
}

/** {@link terraformLiteral} for every string of a record (keys are validated names); numbers pass as they are. */
export function terraformLiterals<T extends string | number>(values: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? terraformLiteral(value) : value])) as Record<string, T>;
}
