import { convert } from 'html-to-text';

/*
 * Rich text in the composer (writing to candidates): the editor writes a small subset of
 * HTML (paragraphs, line breaks, bold, italic, lists, links). The mail's text/plain part is
 * made from that same HTML here, in the renderer (for the draft's placeholder checks) and in
 * the engine (for the part that is sent), so both always say the same (docs/decisions.md
 * "Rich text").
 */

const textOptions = {
  wordwrap: false as const,
  selectors: [
    // `text <https://…>`; a link whose text is its address stays as written.
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] as [string, string], ignoreHref: false } },
    { selector: 'strong', format: 'wrapStrong' },
    { selector: 'b', format: 'wrapStrong' },
    { selector: 'em', format: 'wrapEmphasis' },
    { selector: 'i', format: 'wrapEmphasis' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    // The editor puts a paragraph into each list item: it must not open a blank line there.
    { selector: 'li > p', format: 'inline' },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
  ],
  formatters: {
    wrapStrong: (elem: { children: unknown[] }, walk: (children: unknown[], builder: unknown) => void, builder: { addInline: (text: string) => void }) => {
      builder.addInline('*');
      walk(elem.children, builder);
      builder.addInline('*');
    },
    wrapEmphasis: (elem: { children: unknown[] }, walk: (children: unknown[], builder: unknown) => void, builder: { addInline: (text: string) => void }) => {
      builder.addInline('_');
      walk(elem.children, builder);
      builder.addInline('_');
    },
  },
};

/**
 * The text/plain alternative of the editor's HTML: paragraphs apart by a blank line, a line
 * break kept, `*bold*` and `_italic_` (as Thunderbird and Gmail write them), list items
 * with `- ` or `1. `, a link as `text <address>`. Blank paragraphs collapse into one blank line.
 */
export function htmlToPlainText(html: string): string {
  const text = convert(html, textOptions as Parameters<typeof convert>[1]);
  return text
    .replace(/\*\*/gu, '')
    .replace(/[ \t]+$/gmu, '')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

/**
 * Plain text as the editor's HTML: a blank line starts a new paragraph, a single line break
 * stays one (`<br>`). For drafts written before rich text, templates and quoted mail.
 */
export function textToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/gu, '\n').split(/\n[ \t]*\n/u);
  return paragraphs.map((paragraph) => `<p>${paragraph.split('\n').map(escapeHtml).join('<br>')}</p>`).join('');
}

/** Whether the editor's HTML holds nothing a reader would see. */
export function isBlankHtml(html: string): boolean {
  return htmlToPlainText(html) === '';
}
