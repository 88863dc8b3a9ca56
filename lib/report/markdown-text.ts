import { visibleText } from './visible-text.js';

/**
 * Untrusted text (anything read from `topology.json`, which a pull request's own
 * code writes) inside Markdown that GitHub renders, e.g. a pull-request comment.
 *
 * One approach for all of it: every such text becomes an inline code span, never
 * Markdown. Why code spans, and not backslash escapes or HTML entities: GitHub
 * finds @mentions, #references, commit hashes, :emoji: and bare URLs in the
 * rendered text, after escapes and entities are decoded, so `\@team` still
 * notifies the team — but it skips text inside `<code>`. Inside a code span
 * CommonMark also takes HTML, `<!--`, `*`, `_`, `[`, `\` and entities literally.
 * What is left is handled here: the span's fence is one backtick longer than
 * the longest backtick run in the text (padded with a space where the text
 * starts or ends with a backtick or space), and line breaks, controls and
 * invisible characters are shown as escapes (visibleText), so no text can end
 * its line and start a block of its own. The callers never put a code span at
 * the start of a line, where a long backtick run could open a code fence.
 */
export function markdownCode(text: string): string {
  const content = visibleText(text);
  if (content === '') return '` `';
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Untrusted text as a GFM table cell: a code span (see markdownCode) in which `|`,
 * which splits cells even inside code, is shown as `\u007c`. (GFM's own `\|` is
 * read differently by different renderers when the text has a `\` before the
 * `|`; an escape in the text itself is read the same everywhere.)
 */
export function markdownTableCell(text: string): string {
  return markdownCode(text.replace(/\|/g, '\\u007c'));
}
