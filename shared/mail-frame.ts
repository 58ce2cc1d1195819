/**
 * The mail frame document (DESIGN.md "Mail content", docs/decisions.md "Inbox I"): an empty
 * page that both shells serve from their own origin under a policy of its own, so that mail
 * is shown isolated while the app's page keeps its strict policy. The renderer frames it
 * (sandboxed, scripts off) and writes the sanitised mail into its body; a document loaded
 * from a URL keeps its own policy whoever writes into it (measured in Chromium,
 * test/e2e/inbox.spec.ts).
 */

/** Two variants, told apart by path so each gets a fixed header: images held back, or shown. */
export const mailFramePaths = {
  plain: '/mail-frame.html',
  images: '/mail-frame-images.html',
} as const;

/** Which variant a request path asks for, or null when it is not the mail frame. */
export function mailFrameVariantOf(pathname: string): 'plain' | 'images' | null {
  if (pathname === mailFramePaths.plain) return 'plain';
  if (pathname === mailFramePaths.images) return 'images';
  return null;
}

/**
 * The frame's policy: nothing may load, run, submit, navigate or be framed but by the app;
 * inline styles are allowed (mail is laid out with them); images only from `data:` until the
 * user shows them, then from the web over TLS (`https:`; plain `http:` would send the mail's
 * tracking addresses in the clear) — and still nothing else. `sandbox` makes the page
 * inert even when opened on its own; `allow-same-origin` lets the app write into it.
 */
export function mailFramePolicy(images: boolean): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    images ? 'img-src data: https:' : 'img-src data:',
    "font-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-same-origin',
  ].join('; ');
}

/** The headers of a mail frame answer; the shell adds nothing that loosens them. */
export function mailFrameHeaders(images: boolean): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': mailFramePolicy(images),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'SAMEORIGIN',
  };
}

/** The document itself: empty; the renderer writes its styles and the mail into it. */
export const mailFrameDocument =
  '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Mail</title></head><body></body></html>';
