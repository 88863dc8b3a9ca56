/**
 * Characters that do not show as themselves: line and paragraph breaks and
 * other controls (which could end a line of a report, or drive a terminal),
 * and format characters — bidirectional overrides that reorder what a reviewer
 * reads, zero-width characters that make two different names look alike.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` on one line with every invisible character written as its escape
 * (`\n`, `\u202e`, `\u{e0041}`), so a name from `topology.json` shows what it
 * really holds and cannot break the line it is printed on.
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.codePointAt(0)!;
    return SHORT_ESCAPES[c] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
