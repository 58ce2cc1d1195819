/*
 * Rich text in the composer (writing to candidates): the editor writes a small subset of
 * HTML (paragraphs, line breaks, bold, italic, lists, links), and the engine lets no other
 * element leave (electron/core/mime/composed-html.ts). The mail's text/plain part is made
 * from that same HTML here — in the engine for the part that is sent, in the renderer for
 * the draft's placeholder checks — so both always say the same (docs/decisions.md "Rich
 * text"). shared/ imports no package: this reads the subset itself.
 */

const namedEntities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/giu, (entity: string, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return namedEntities[name.toLowerCase()] ?? entity;
  });
}

const blockTags = new Set(['p', 'div', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'tr']);
const skippedTags = new Set(['script', 'style', 'head', 'title', 'noscript', 'template']);

/**
 * The text/plain alternative of the editor's HTML: paragraphs apart by a blank line, a line
 * break kept, `*bold*` and `_italic_` (as Thunderbird and Gmail write them), list items
 * with `- ` or ` 1. `, a link as `text <address>` (once when its text is its address), a
 * quote with `> `. Blank paragraphs collapse into one blank line; images and scripts go.
 */
export function htmlToPlainText(html: string): string {
  let out = '';
  const lists: { ordered: boolean; count: number }[] = [];
  const links: { href: string | null; start: number }[] = [];
  const quotes: number[] = [];
  let skipping: string | null = null;
  let inItem = 0;
  let pre = 0;
  const breakTo = (count: number) => {
    if (out === '') return;
    out = out.replace(/[ \t]+$/u, '');
    const have = /\n*$/u.exec(out)![0].length;
    if (have < count) out += '\n'.repeat(count - have);
  };
  const token = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+|<)/gu;
  for (const match of html.matchAll(token)) {
    const [, closing, rawName, attributes, text] = match;
    if (rawName === undefined) {
      if (skipping !== null || text === undefined) continue;
      // Source whitespace collapses as a browser shows it; a non-breaking space (the editor's double space) stays.
      let value = decodeEntities(pre === 0 ? text.replace(/[ \t\r\n\f]+/gu, ' ') : text).replace(/\u00a0/gu, ' ');
      if (out === '' || out.endsWith('\n') || out.endsWith('> ')) value = value.replace(/^ +/u, '');
      out += value;
      continue;
    }
    const name = rawName.toLowerCase();
    if (skipping !== null) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (skippedTags.has(name)) {
      if (!closing && !/\/\s*$/u.test(attributes ?? '')) skipping = name;
      continue;
    }
    const paragraphInItem = name === 'p' && inItem > 0;
    if (name === 'br') out += '\n';
    else if (name === 'strong' || name === 'b') out += '*';
    else if (name === 'em' || name === 'i') out += '_';
    else if (name === 'ul' || name === 'ol') {
      if (!closing) {
        breakTo(lists.length === 0 ? 2 : 1);
        lists.push({ ordered: name === 'ol', count: 0 });
      } else {
        lists.pop();
        breakTo(lists.length === 0 ? 2 : 1);
      }
    } else if (name === 'li') {
      if (!closing) {
        breakTo(1);
        const list = lists.at(-1);
        const depth = '  '.repeat(Math.max(0, lists.length - 1));
        if (list === undefined) out += `${depth}- `;
        else out += list.ordered ? `${depth} ${(list.count += 1)}. ` : `${depth}- `;
        inItem += 1;
      } else {
        inItem = Math.max(0, inItem - 1);
      }
    } else if (name === 'a') {
      if (!closing) {
        const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/iu.exec(attributes ?? '');
        links.push({ href: href === null ? null : decodeEntities(href[1] ?? href[2] ?? href[3] ?? '').trim(), start: out.length });
      } else {
        const link = links.pop();
        if (link?.href) {
          const shown = out.slice(link.start).trim();
          const bare = link.href.replace(/^mailto:/iu, '');
          if (shown !== link.href && shown !== bare && `${shown}/` !== link.href) out += ` <${link.href}>`;
        }
      }
    } else if (name === 'blockquote') {
      if (!closing) {
        breakTo(2);
        quotes.push(out.length);
      } else {
        const start = quotes.pop() ?? 0;
        const quoted = out.slice(start).replace(/\s+$/u, '');
        out = out.slice(0, start) + quoted.split('\n').map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`)).join('\n');
        breakTo(2);
      }
    } else if (name === 'td' || name === 'th') {
      if (!closing && !out.endsWith('\n') && out !== '') out += ' ';
    } else if (blockTags.has(name) && !paragraphInItem) {
      if (name === 'pre') pre += closing ? -1 : 1;
      breakTo(2);
    }
  }
  return out
    .replace(/\*\*|(?<![A-Za-z0-9])__(?![A-Za-z0-9])/gu, '')
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
