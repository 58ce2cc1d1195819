import fs from 'node:fs';
import { mailFrameDocument, mailFrameHeaders, mailFrameVariantOf } from '../../shared/mail-frame.js';
import { resolveStaticFile } from '../core/static-files.js';
import type { PrivilegedScheme } from './electron-like.js';

export const appScheme = 'app';
export const appHost = 'hirebox';
/** Where the renderer lives. Its origin is the only one the IPC handlers answer. */
export const appOrigin = `${appScheme}://${appHost}`;

/**
 * `app:` as a standard, secure scheme: the renderer gets a real origin (`app://hirebox`)
 * for `'self'` in the policy and for the IPC sender check, without a local server.
 * Must be registered before the app is ready (Electron's `protocol` documentation).
 * No service workers, and CSP is never bypassed.
 */
export const appSchemeRegistration: PrivilegedScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, allowServiceWorkers: false, bypassCSP: false },
};

/**
 * The policy on every `app://hirebox` response. Stricter than the renderer's own meta tag
 * (which also serves the headless shell): nothing but the bundle's own files — no remote
 * load, no WebSocket, no frames, no inline script or style, no plugins. Both policies
 * apply, so the stricter wins. Mail content is shown in the mail frame document
 * (shared/mail-frame.ts), served here under its own policy.
 */
export const appContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'none'",
  "worker-src 'none'",
  // Only the mail frame documents can be framed: every other answer says `frame-ancestors 'none'`.
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'Content-Security-Policy': appContentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

/**
 * Answers one `app:` request from the built renderer in `rendererFolder`. Only GET and HEAD
 * on host `hirebox`; paths leaving the folder are 404 (see `resolveStaticFile`). Every
 * answer, errors included, carries the policy.
 */
export function serveAppRequest(rendererFolder: string, request: { url: string; method: string }): Response {
  const url = new URL(request.url);
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return plain(404, 'Not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const mailFrame = mailFrameVariantOf(url.pathname);
  if (mailFrame !== null) {
    return new Response(request.method === 'HEAD' ? null : mailFrameDocument, { status: 200, headers: mailFrameHeaders(mailFrame === 'images') });
  }
  const found = resolveStaticFile(rendererFolder, url.pathname);
  if (found === null) {
    return fs.existsSync(rendererFolder) ? plain(404, 'Not found') : plain(503, 'The renderer is not built yet: run `npm run build`.');
  }
  const body = request.method === 'HEAD' ? null : fs.readFileSync(found.file);
  return new Response(body, { status: 200, headers: { ...securityHeaders, 'Content-Type': found.contentType } });
}

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}
