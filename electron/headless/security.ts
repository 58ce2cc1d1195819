import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh token: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the length nor
 * any prefix of the token can be learned from timing.
 */
export function tokensMatch(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/**
 * DNS rebinding guard: a page on another site whose name resolves to 127.0.0.1 sends
 * its own name in `Host`. Only the loopback names with our port are accepted.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Browsers always send `Origin` on a WebSocket upgrade; only our own page may connect.
 * Clients that are not browsers (`hirebox call`) send none and must still prove the token.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
