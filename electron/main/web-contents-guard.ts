import type { Logger } from '../core/log/logger.js';
import { mailFramePaths } from '../../shared/mail-frame.js';
import { appOrigin } from './app-protocol.js';
import type { SessionLike, ShellLike, WebContentsLike } from './electron-like.js';

/** Schemes a link may open outside the app, in the system browser or mail program. */
const externalSchemes: ReadonlySet<string> = new Set(['https:', 'mailto:']);

/**
 * True for a link the system may open: `https:` or `mailto:`, parsed with `new URL` (not
 * a prefix test, which `https:\\evil`, `javascript:` in odd case or leading blanks slip
 * past). Everything else — `http:`, `file:`, `javascript:`, `app:`, custom handlers — is
 * refused.
 */
export function isExternalLinkAllowed(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!externalSchemes.has(url.protocol)) return false;
  // A `https:` link with credentials (`https://bank.example@evil.example`) hides its host.
  return url.protocol === 'mailto:' || (url.hostname !== '' && url.username === '' && url.password === '');
}

/**
 * Opens an allowed link with the system (`shell.openExternal`, given the parsed, normalised
 * URL); refuses others. Returns whether it opened.
 */
export function openExternalLink(shell: ShellLike, raw: string, logger: Logger): boolean {
  if (!isExternalLinkAllowed(raw)) {
    logger.warn('refused to open a link outside the app', { scheme: schemeOf(raw) });
    return false;
  }
  shell.openExternal(new URL(raw).href).catch((error: unknown) => logger.warn('the system could not open a link', { error: String(error) }));
  return true;
}

/**
 * How long a person's click or key press lets one link open: Chromium's own transient user
 * activation lasts 5 s. Each gesture opens at most one link.
 */
export const gestureLifetimeMs = 5_000;

/** Input events that are a person acting (not moving the mouse or scrolling). */
const gestureInputs: ReadonlySet<string> = new Set(['mouseDown', 'mouseUp', 'keyDown', 'rawKeyDown', 'gestureTap', 'touchEnd', 'pointerUp']);

/** The only documents a frame inside the app may load: the mail frame variants. */
const framableUrls: ReadonlySet<string> = new Set(Object.values(mailFramePaths).map((path) => `${appOrigin}${path}`));

/**
 * Locks one webContents: it never navigates away from the app, none of its frames loads
 * anything but the mail frame documents (`will-frame-navigate`), it never opens a window
 * and never attaches a `<webview>`. A link to an allowed external target opens in the
 * system instead — only right after the person clicked or pressed a key in this
 * webContents (`input-event`, which a page's scripted click never raises), one link per
 * gesture. Idempotent per webContents.
 */
export function guardWebContents(contents: WebContentsLike, shell: ShellLike, logger: Logger, now: () => number = Date.now): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  let gestureAt: number | null = null;
  contents.on('input-event', (_event, input) => {
    if (gestureInputs.has(input.type)) gestureAt = now();
  });
  const openOnGesture = (url: string) => {
    if (gestureAt === null || now() - gestureAt > gestureLifetimeMs) {
      logger.warn('refused to open a link without a click or key press', { scheme: schemeOf(url) });
      return;
    }
    if (openExternalLink(shell, url, logger)) gestureAt = null;
  };
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOnGesture(event.url);
  });
  // Every frame, the mail frame included: a link clicked in a mail must not load in its frame.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return event.preventDefault();
    if (!framableUrls.has(withoutHash(event.url))) {
      event.preventDefault();
      logger.warn('refused a frame navigation', { scheme: schemeOf(event.url) });
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOnGesture(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function withoutHash(raw: string): string {
  const hash = raw.indexOf('#');
  return hash === -1 ? raw : raw.slice(0, hash);
}

const guarded = new WeakSet<WebContentsLike>();

/**
 * Refuses every permission (camera, microphone, notifications, geolocation, clipboard
 * read, …) to every page of the session: the renderer needs none. The request handler
 * answers prompts; the check handler answers synchronous queries (`navigator.permissions`).
 */
export function denyAllPermissions(session: SessionLike, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('refused a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

function schemeOf(raw: string): string {
  try {
    return new URL(raw).protocol;
  } catch {
    return 'unparsable';
  }
}

/**
 * Opens a browser sign-in's authorization address in the system browser (OAuth for
 * installed apps, RFC 8252 §8.12: never in an app window). The address comes from the
 * engine, not from a page; still only `https:` is opened — `http:` only on this computer's
 * loopback (a local OAuth stand-in). Answers whether the system took it.
 */
export async function openSignInPage(shell: ShellLike, raw: string, logger: Logger): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  const loopback = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost');
  if ((url.protocol !== 'https:' && !loopback) || url.username !== '' || url.password !== '') {
    logger.warn('refused to open a sign-in address', { scheme: url.protocol });
    return false;
  }
  try {
    await shell.openExternal(url.href);
    return true;
  } catch (error) {
    logger.warn('the system could not open the sign-in address', { error: String(error) });
    return false;
  }
}
