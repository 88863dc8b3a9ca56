import { markdownCode, markdownTableCell } from '../../lib/report/markdown-text.js';
import { visibleText } from '../../lib/report/visible-text.js';
import { HOSTILE_NAMES, MARKUP_CHARACTERS, renderMarkdown } from './rendered-markdown.js';

describe('visibleText', () => {
  it('escapes line breaks, controls, bidi overrides and zero-width characters, and nothing else', () => {
    expect(visibleText('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(visibleText('\u0000\u001b[2J\u007f\u0085')).toBe('\\u0000\\u001b[2J\\u007f\\u0085');
    expect(visibleText('\u202eevil\u2066')).toBe('\\u202eevil\\u2066');
    expect(visibleText('zero\u200bwidth\ufeff')).toBe('zero\\u200bwidth\\ufeff');
    expect(visibleText('line\u2028para\u2029')).toBe('line\\u2028para\\u2029');
    expect(visibleText('tag\u{e0041}')).toBe('tag\\u{e0041}');
    expect(visibleText('Grüße 🙂 10.0.0.1 → host-b')).toBe('Grüße 🙂 10.0.0.1 → host-b');
  });
});

describe('markdownCode', () => {
  it('makes a code span whose fence is longer than any backtick run inside', () => {
    expect(markdownCode('MongoDB')).toBe('`MongoDB`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('a``b```c')).toBe('````a``b```c````');
    expect(markdownCode('`edge`')).toBe('`` `edge` ``');
    expect(markdownCode(' spaced ')).toBe('`  spaced  `');
    expect(markdownCode('two\nlines')).toBe('`two\\nlines`');
    expect(markdownCode('')).toBe('` `');
  });

  it.each(HOSTILE_NAMES.map((name) => [JSON.stringify(visibleText(name)), name]))('renders %s as exactly one code span, and nothing else', (_, name) => {
    const rendered = renderMarkdown(`- \`~\` ${markdownCode(name)} ⚠️ *tunnel removal*\n`);
    expect(rendered.elements).toEqual(['ul', 'li', 'code', 'code', 'em']);
    expect(rendered.codes).toEqual(['~', visibleText(name)]);
    expect(rendered.textOutsideCode).not.toMatch(MARKUP_CHARACTERS);
  });
});

describe('markdownTableCell', () => {
  it('shows the pipe, which splits cells even inside code, as an escape', () => {
    expect(markdownTableCell('a | b')).toBe('`a \\u007c b`');
  });

  it('keeps every hostile name in its own cell of its own row', () => {
    const rows = HOSTILE_NAMES.map((name) => `| ${markdownTableCell(name)} | ${markdownTableCell('next')} |`);
    const rendered = renderMarkdown(['| name | next |', '| --- | --- |', ...rows, ''].join('\n'));
    expect(rendered.elements.filter((e) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(e))).toEqual([]);
    expect(rendered.tableRows).toHaveLength(HOSTILE_NAMES.length + 1);
    for (const row of rendered.tableRows.slice(1)) expect(row).toHaveLength(2);
    expect(rendered.codes).toEqual(HOSTILE_NAMES.flatMap((name) => [visibleText(name).replace(/\|/g, '\\u007c'), 'next']));
    expect(rendered.textOutsideCode).not.toMatch(MARKUP_CHARACTERS);
  });
});
