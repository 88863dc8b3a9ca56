import { marked } from 'marked';

/** Markdown as a GFM renderer (marked, with tables) turns it into HTML, taken apart for assertions. */
export interface RenderedMarkdown {
  readonly html: string;
  /** The name of every element opened, in order (`!--` for a raw HTML comment). */
  readonly elements: readonly string[];
  /** The text of every `<code>` element, entities decoded. */
  readonly codes: readonly string[];
  /** All text outside `<code>` elements, entities decoded: where GitHub looks for @mentions and #references. */
  readonly textOutsideCode: string;
  /** Every table row, as the HTML of its cells. */
  readonly tableRows: ReadonlyArray<readonly string[]>;
}

const CODE = /<code(?: [^>]*)?>([\s\S]*?)<\/code>/g;

function decode(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[entity]!);
}

export function renderMarkdown(markdown: string): RenderedMarkdown {
  const html = marked.parse(markdown, { gfm: true, async: false });
  const elements = [...html.matchAll(/<(!--|[a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
  const codes = [...html.matchAll(CODE)].map((m) => decode(m[1]!));
  const textOutsideCode = decode(html.replace(CODE, ' ').replace(/<[^>]*>/g, ' '));
  const tableRows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => cell[1]!));
  return { html, elements, codes, textOutsideCode, tableRows };
}

/**
 * Names a pull request could give its services, hosts and stacks to attack a
 * comment: HTML, a comment that hides the rest, mentions and references that
 * notify, table pipes, backticks alone and in runs, line breaks that start new
 * blocks, Markdown emphasis and links, a bidi override, entities, a trailing backslash.
 */
export const HOSTILE_NAMES: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '<!-- everything after this is hidden',
  '@org/team',
  '#1 and GH-2',
  'a | b',
  'tick`tick',
  'run``of```ticks',
  '`starts and ends`',
  '``',
  'two\nlines\n# heading\n- item\n\n```\nfenced',
  'cr\r\n> quote',
  '*bold* _em_ **strong** [link](https://example.com) ![image](x) <https://example.com>',
  '\u202eevil',
  'zero\u200bwidth',
  '&lt;entity&gt; &amp;',
  'trailing backslash\\',
  ':tada: www.example.com',
];

/** Characters that must never appear outside code in rendered output built from hostile names. */
export const MARKUP_CHARACTERS = /[@#<>`|*_[\]!&\\]/;
