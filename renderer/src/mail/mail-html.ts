import DOMPurify from 'dompurify';
import { cleanMailCss } from '../../../shared/mail-css.js';

/**
 * Mail HTML made safe to show (DESIGN.md "Mail content", docs/decisions.md "Inbox I" and
 * "Received mail HTML"). The engine has cleaned it already (electron/core/mime/received-html.ts);
 * this is the second wall, for whatever it might have missed: DOMPurify removes everything that runs or loads (scripts, handlers, `javascript:`,
 * frames, forms, `<link>`, `<meta>`, `<base>`, media, SVG), and the remote images that
 * are left are parked in `data-hb-src` until the user shows images for this mail. The
 * result goes into a sandboxed frame whose own policy (shared/mail-frame.ts) blocks any
 * load the sanitiser might have missed.
 */

export interface SanitisedMail {
  /** The body's inner HTML, safe to put into the mail frame. */
  html: string;
  /** Remote images held back; "show images" is offered when > 0. */
  blockedImages: number;
}

/** Elements that run, embed, load, submit or redirect; removed with their content where they have any. */
const forbiddenTags = [
  'script', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'meta', 'base',
  'form', 'input', 'button', 'select', 'option', 'textarea', 'video', 'audio', 'source', 'track', 'picture',
  'portal', 'template', 'dialog', 'svg', 'math', 'image',
];

/** Attributes that load (besides `src`/`href`, handled below) or submit. */
const forbiddenAttributes = [
  'srcset', 'poster', 'background', 'ping', 'action', 'formaction', 'lowsrc', 'dynsrc', 'longdesc', 'usemap',
  'xlink:href', 'data', 'codebase', 'manifest', 'integrity', 'crossorigin', 'autofocus', 'target',
];

/** "Show images" loads images over TLS only (the frame's policy allows `https:` and `data:`). */
const remoteUrl = /^\s*https:\/\//i;

/** Sanitises one mail's HTML; `showImages` keeps remote images (the user asked for them). */
export function sanitiseMailHtml(dirty: string, options: { showImages: boolean }): SanitisedMail {
  let blockedImages = 0;
  const purifier = DOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'IMG') {
      const source = node.getAttribute('src') ?? '';
      if (remoteUrl.test(source)) {
        if (!options.showImages) {
          node.removeAttribute('src');
          node.setAttribute('data-hb-src', source);
          blockedImages += 1;
        } else {
          node.setAttribute('referrerpolicy', 'no-referrer');
        }
      } else if (!/^\s*data:image\//i.test(source)) {
        // cid: (inline parts) and relative names load nothing useful here.
        node.removeAttribute('src');
      }
    }
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (/^\s*(https?:|mailto:)/i.test(href)) {
        node.setAttribute('rel', 'noopener noreferrer');
        node.setAttribute('data-hb-link', href.trim());
      } else if (!href.startsWith('#')) {
        node.removeAttribute('href');
      }
    }
    // CSS loads nothing, "show images" or not: url() (escaped or not), image-set(), @import …
    // are read and taken out by the same rules as in the engine (shared/mail-css.ts).
    const style = node.getAttribute('style');
    if (style !== null) {
      const clean = cleanMailCss(style);
      if (clean.removed > 0) node.setAttribute('style', clean.css);
    }
  });
  purifier.addHook('uponSanitizeElement', (node, data) => {
    // `<style>` keeps the layout; nothing in it loads (shared/mail-css.ts).
    if (data.tagName === 'style' && node.textContent !== null) node.textContent = cleanMailCss(node.textContent).css;
  });
  const html = purifier.sanitize(dirty, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: forbiddenTags,
    FORBID_ATTR: forbiddenAttributes,
    ADD_TAGS: ['style'],
    FORCE_BODY: true,
    WHOLE_DOCUMENT: false,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['data-hb-src', 'data-hb-link'],
  });
  return { html, blockedImages };
}

/**
 * Our own styles for the mail frame document (shared/mail-frame.ts), written into its head
 * before the mail; the frame's policy allows inline styles, the app's does not need to.
 */
export const mailFrameStyles = `html,body{margin:0;padding:0;background:#fff}
body{font:14px/1.55 system-ui,'Segoe UI',-apple-system,'Helvetica Neue',Roboto,'Noto Sans',Arial,sans-serif;color:#1b2230;overflow-wrap:anywhere;padding:2px 0 8px}
img{max-width:100%;height:auto}
img[data-hb-src]{display:inline-block;min-width:16px;min-height:16px;background:#eef0f4;border-radius:3px}
a{color:#2450b8}
blockquote{margin:8px 0;padding-left:12px;border-left:3px solid #c9ced7;color:#5a6374}
table{max-width:100%}
pre{white-space:pre-wrap}`;
