import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { CertificateException, ServerSettings } from '../../../../shared/model.js';
import { tlsConnectionOptions, type TlsPolicy } from '../tls-policy.js';

/** What nodemailer needs to reach and log in to a mailbox's SMTP server. */
export interface SmtpSettings extends ServerSettings {
  user: string;
  password: string;
  certificateExceptions?: readonly CertificateException[] | undefined;
  tlsPolicy?: TlsPolicy | undefined;
}

export const defaultSmtpTimeoutMs = 30_000;

/**
 * nodemailer's options for these settings (DESIGN.md "TLS"): `tls` is TLS from the first
 * byte; `starttls` requires the upgrade (`requireTLS`: a server, or someone in between,
 * that does not offer STARTTLS is refused, and nothing is sent in the clear); `none`
 * (loopback only, checked by the caller) never upgrades. Certificates are verified by
 * `tls-policy.ts`. nodemailer logs nothing.
 */
export function smtpTransportOptions(settings: SmtpSettings, timeoutMs = defaultSmtpTimeoutMs): SMTPTransport.Options {
  const host = settings.host.trim();
  const security: Pick<SMTPTransport.Options, 'secure' | 'requireTLS' | 'ignoreTLS'> =
    settings.security === 'tls' ? { secure: true } : settings.security === 'starttls' ? { secure: false, requireTLS: true } : { secure: false, ignoreTLS: true };
  return {
    host,
    port: settings.port,
    ...security,
    auth: { user: settings.user, pass: settings.password },
    tls: tlsConnectionOptions({ host, port: settings.port, exceptions: settings.certificateExceptions }, settings.tlsPolicy),
    logger: false,
    debug: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    name: 'hirebox.localhost',
  };
}
