/**
 * Terraform reads every string of a JSON configuration as a template: `${…}`
 * interpolates an expression, `%{…}` is a directive, and `$${` / `%%{` are
 * their escapes for literal text. The stand-ins rewrite references only inside
 * expressions (user text that merely looks like a reference stays as written),
 * and hand a string to the shell verbatim only when it has no expression.
 */

/** One `${…}` or `%{…}` of a template: where it is and the text between its braces. */
interface TemplateSequence {
  readonly start: number;
  readonly end: number;
  readonly inner: string;
}

/** The sequences of `template`, left to right; escapes are literal text, as Terraform reads them. */
function sequences(template: string): TemplateSequence[] {
  const found: TemplateSequence[] = [];
  let i = 0;
  while (i < template.length) {
    const three = template.slice(i, i + 3);
    if (three === '$${' || three === '%%{') {
      i += 3;
      continue;
    }
    const two = template.slice(i, i + 2);
    if (two === '${' || two === '%{') {
      const close = closingBrace(template, i + 2);
      if (close < 0) throw new Error(`unterminated template sequence in ${JSON.stringify(template)}`);
      found.push({ start: i, end: close + 1, inner: template.slice(i + 2, close) });
      i = close + 1;
      continue;
    }
    i++;
  }
  return found;
}

/** Index of the `}` that closes an expression starting at `from`: nested braces and quoted strings are skipped. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = endOfQuoted(text, i);
      if (i < 0) return -1;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function endOfQuoted(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** True when `template` is literal text for Terraform (escapes allowed): nothing in it is evaluated. */
export function isLiteralTemplate(template: string): boolean {
  return sequences(template).length === 0;
}

/** `template` with the text inside each `${…}` / `%{…}` replaced by `rewrite(text)`; literal text is kept as it is. */
export function rewriteExpressions(template: string, rewrite: (expression: string) => string): string {
  let result = '';
  let last = 0;
  for (const sequence of sequences(template)) {
    result += template.slice(last, sequence.start + 2) + rewrite(sequence.inner) + '}';
    last = sequence.end;
  }
  return result + template.slice(last);
}
