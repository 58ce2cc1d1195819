import type { ImapFlowOptions } from 'imapflow';
import type { CertificateException } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import { tlsConnectionOptions, type TlsPolicy } from '../tls-policy.js';

/** How the connection is protected (DESIGN.md "TLS"). */
export type ImapSecurity = 'tls' | 'starttls' | 'none';

/** What a person types into the connect form for IMAP (R11). */
export interface ImapSettings {
  host: string;
  port: number;
  /**
   * `tls`: TLS from the first byte (usually port 993). `starttls`: plain connect, then
   * STARTTLS, required — a server that does not offer it is refused (RFC 9051 §6.2.1; an
   * attacker can strip the capability). `none`: no encryption, allowed for loopback only.
   */
  security: ImapSecurity;
  user: string;
  password: string;
  /** Certificates the user trusted by hand for this mailbox (DESIGN.md "TLS"). */
  certificateExceptions?: readonly CertificateException[] | undefined;
  /** Extra authorities to trust (tests only); see `tls-policy.ts`. */
  tlsPolicy?: TlsPolicy | undefined;
}

/** Default for connect, greeting and a stalled command (socket inactivity). */
export const defaultImapTimeoutMs = 30_000;

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for the loopback names `security: 'none'` is allowed with. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/u, '$1');
  return loopbackHosts.has(bare);
}

/**
 * Checks the settings before any socket is opened; throws `invalid-input` with the field
 * at fault (`imap.host`, `imap.port`, `imap.security`, `imap.user`, `imap.password`).
 */
export function validateImapSettings(settings: ImapSettings): void {
  const host = typeof settings.host === 'string' ? settings.host.trim() : '';
  if (host === '' || /[\s/]/u.test(host)) throw new AppError('invalid-input', 'Enter the IMAP server’s host name, e.g. imap.example.com.', { field: 'imap.host' });
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65_535) {
    throw new AppError('invalid-input', 'The IMAP port is a number from 1 to 65535 (usually 993 for TLS, 143 for STARTTLS).', { field: 'imap.port' });
  }
  if (settings.security !== 'tls' && settings.security !== 'starttls' && settings.security !== 'none') {
    throw new AppError('invalid-input', 'Choose TLS or STARTTLS for the IMAP connection.', { field: 'imap.security' });
  }
  // DESIGN.md "TLS": a password never crosses a network unencrypted; loopback is the
  // one place a plain connection cannot be read by anyone else.
  if (settings.security === 'none' && !isLoopbackHost(host)) {
    throw new AppError('invalid-input', `An IMAP connection without encryption is only allowed to this computer (localhost), not to ${host}. Choose TLS or STARTTLS.`, { field: 'imap.security' });
  }
  if (typeof settings.user !== 'string' || settings.user.trim() === '') throw new AppError('invalid-input', 'Enter the IMAP user name.', { field: 'imap.user' });
  if (typeof settings.password !== 'string' || settings.password === '') throw new AppError('invalid-input', 'Enter the IMAP password.', { field: 'imap.password' });
}

/**
 * imapflow's options for these settings. Certificates are always verified (`tls-policy.ts`); imapflow's
 * own logger is off (it would log protocol lines); auto-IDLE is off, as this provider
 * issues its own commands (RECIPES.md: imapflow starts IDLE 15 s after the last command).
 */
export function toImapFlowOptions(settings: ImapSettings, timeoutMs: number): ImapFlowOptions {
  const security: Pick<ImapFlowOptions, 'secure' | 'doSTARTTLS'> =
    settings.security === 'tls' ? { secure: true } : settings.security === 'starttls' ? { secure: false, doSTARTTLS: true } : { secure: false, doSTARTTLS: false };
  return {
    host: settings.host.trim(),
    port: settings.port,
    ...security,
    auth: { user: settings.user, pass: settings.password },
    tls: tlsConnectionOptions({ host: settings.host.trim(), port: settings.port, exceptions: settings.certificateExceptions }, settings.tlsPolicy),
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    clientInfo: { name: 'Hirebox' },
  };
}
