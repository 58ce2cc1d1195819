import sanitizeHtml from 'sanitize-html';
import { textToHtml } from '../../../shared/rich-text.js';

/*
 * The HTML part of a mail Hirebox writes (rich text in the composer): what the editor sent,
 * cut down here, in the engine, to the few elements the editor makes — whatever reached the
 * contract. No script, style, image, form or event handler leaves; links only to web and
 * mail addresses (docs/decisions.md "Rich text").
 */

const allowedTags = ['span', 'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre'];

/** The editor's HTML as it may leave: the allowed elements only, links with a safe scheme, opened apart. */
export function sanitiseComposedHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    // Content of dropped elements that is not text (scripts, styles) goes with them.
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
    transformTags: {
      // A link without an absolute web or mail address (relative, `{placeholder}`) keeps its text only.
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href?.trim() ?? '';
        return /^(?:https?:\/\/|mailto:)/iu.test(href) ? { tagName, attribs: { href, rel: 'noopener noreferrer' } } : { tagName: 'span', attribs: {} };
      },
    },
  }).trim();
}

/** The parts the engine adds below what the user wrote, as HTML. */
export interface HtmlAdditions {
  /** The mailbox's signature (plain text), below the RFC 3676 delimiter; absent when the text holds it. */
  signature?: string;
  /** A reply's quoted history: its attribution line and the answered mail's text. */
  quote?: { intro: string; text: string };
  /** A forward's header block and the original's text (plain text, as in the text part). */
  forwarded?: string;
}

/** The whole HTML part: the user's sanitised text, then signature, quoted history or forwarded mail. */
export function composedHtmlDocument(cleanBody: string, additions: HtmlAdditions): string {
  const parts = [cleanBody];
  if (additions.signature !== undefined) parts.push(`<div class="hirebox-signature">${textToHtml(`-- \n${additions.signature}`)}</div>`);
  if (additions.quote !== undefined) parts.push(`${textToHtml(additions.quote.intro)}<blockquote type="cite">${textToHtml(additions.quote.text)}</blockquote>`);
  if (additions.forwarded !== undefined) parts.push(`<div class="hirebox-forwarded">${textToHtml(additions.forwarded)}</div>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${parts.join('\n')}</body></html>`;
}
