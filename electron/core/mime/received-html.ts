import sanitizeHtml from 'sanitize-html';
import { cleanMailCss } from '../../../shared/mail-css.js';

/*
 * The HTML of a mail Hirebox received, cleaned in the engine before any client gets it
 * (`threads:get`, issue 23 item 3; docs/decisions.md "Received mail HTML"). An allowlist:
 * text, layout and tables, links to web and mail addresses, and images from `https:` (which
 * the renderer holds back until "show images") or inline `data:image/`. Nothing that runs
 * (scripts, handlers, `javascript:`), embeds, submits or loads (frames, forms, media, SVG,
 * `<link>`, `<meta>`, `<base>`, `srcset`, `background=`), and CSS without anything that loads
 * (shared/mail-css.ts). The renderer sanitises again and shows the mail in a frame whose own
 * policy blocks any load: the second and third walls.
 */

const allowedTags = [
  'a', 'abbr', 'acronym', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite',
  'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q',
  'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strike', 'strong', 'style', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

/** Presentation attributes mail is laid out with; none of them loads anything. */
const layoutAttributes = [
  'style', 'class', 'id', 'dir', 'lang', 'title', 'align', 'valign', 'width', 'height', 'bgcolor', 'color', 'border', 'cellpadding',
  'cellspacing', 'colspan', 'rowspan', 'face', 'size', 'nowrap', 'start', 'type', 'reversed', 'headers', 'scope', 'abbr', 'span',
  'datetime', 'hspace', 'vspace', 'clear', 'noshade', 'open',
];

/** Content of dropped elements that is not text for the reader goes with them. */
const nonTextTags = ['script', 'noscript', 'textarea', 'option', 'title', 'template', 'xmp', 'iframe', 'noembed', 'noframes', 'object', 'applet', 'svg', 'math', 'select'];

/** An image source the frame may show: a web image over TLS (after "show images") or inline data. */
export function isShowableImageSource(source: string): boolean {
  return /^https:\/\/[^\s]/iu.test(source) || /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);/iu.test(source);
}

export interface CleanMailHtml {
  html: string;
  /** `<img>` whose source was plain `http:` or otherwise not showable, kept as their alt text. */
  droppedImages: number;
}

/** One received mail's HTML, cleaned: safe to hand to a client (which still shows it isolated). */
export function cleanReceivedHtml(dirty: string): CleanMailHtml {
  let droppedImages = 0;
  const html = sanitizeHtml(dirty, {
    allowedTags,
    allowVulnerableTags: true,
    allowedAttributes: { '*': layoutAttributes, a: ['href', 'rel'], img: ['src', 'alt'] },
    allowedSchemes: ['https', 'http', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    parseStyleAttributes: false,
    disallowedTagsMode: 'discard',
    nonTextTags,
    transformTags: {
      '*': (tagName, attribs): sanitizeHtml.Tag => {
        if (attribs.style === undefined) return { tagName, attribs };
        const style = cleanMailCss(attribs.style).css.trim();
        const { style: _dropped, ...rest } = attribs;
        return { tagName, attribs: style === '' ? rest : { ...rest, style } };
      },
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href?.trim() ?? '';
        const { href: _href, ...rest } = attribs;
        return /^(?:https?:\/\/|mailto:|#)/iu.test(href) ? { tagName, attribs: { ...rest, href, rel: 'noopener noreferrer' } } : { tagName, attribs: rest };
      },
      // A `<style>` carries no attribute (and so is always found below as `<style>`).
      style: (tagName): sanitizeHtml.Tag => ({ tagName, attribs: {} }),
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const source = attribs.src?.trim() ?? '';
        if (isShowableImageSource(source)) return { tagName, attribs: { ...attribs, src: source } };
        droppedImages += 1;
        // An image that will never be shown leaves its description, so the sentence still reads.
        return { tagName: 'span', attribs: {}, text: attribs.alt ?? '' };
      },
    },
  });
  // A `<style>` keeps its text raw (htmlparser2 hands it over as is and it ends at the first
  // `</style`), so its CSS is cleaned here, after the allowlist.
  const cleaned = html.replace(/<style\b[^>]*>([\s\S]*?)<\/style>/giu, (_whole, css: string) => {
    const clean = cleanMailCss(css).css.trim();
    return clean === '' ? '' : `<style>${clean}</style>`;
  });
  return { html: cleaned, droppedImages };
}
