import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { CertificateException, ServerSettings } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import { isLoopbackHost } from '../imap/index.js';
import type { TlsPolicy } from '../tls-policy.js';
import { classifySmtpFailure, SmtpSendFailure } from './smtp-errors.js';
import { smtpTransportOptions } from './smtp-options.js';

/** What a mailbox sends with: its stored SMTP settings and user name; the password comes unsealed, just in time. */
export interface SmtpAccount {
  smtp: ServerSettings;
  userName: string;
  /** Certificates the user trusted by hand for this mailbox (pinned by fingerprint). */
  certificateExceptions?: readonly CertificateException[] | undefined;
  tlsPolicy?: TlsPolicy | undefined;
}

export interface SmtpTransportOptions {
  /** Connect, greeting and socket inactivity timeout in ms; default 60 s. */
  timeoutMs?: number;
  /** The name sent with EHLO; default nodemailer's (the machine's host name). */
  clientName?: string;
}

/** The envelope of one SMTP transaction (RFC 5321 §3.3): MAIL FROM and every RCPT TO, Bcc included. */
export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface SmtpSendHooks {
  /**
   * Called once, synchronously, right before the first byte of the message goes out
   * (after the server's 354 to DATA). Until then nothing can have been accepted.
   */
  onDataStart?: () => void;
}

/** The server's 250 after DATA: accepted for `accepted`, and the recipients it refused at RCPT TO with its words. */
export interface SmtpSendResult {
  accepted: string[];
  refused: { address: string; reason: string }[];
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as 4F3A`. */
  response: string;
}

export interface SmtpTransport {
  /**
   * One SMTP transaction on a fresh connection: connect, (STARTTLS,) AUTH, MAIL, RCPT,
   * DATA. Resolves with the server's acceptance; rejects with `SmtpSendFailure`, which
   * says whether the message may have been accepted (see smtp-errors.ts).
   */
  send(envelope: SmtpEnvelope, raw: Buffer, hooks?: SmtpSendHooks): Promise<SmtpSendResult>;
}

/**
 * The one place that turns a mailbox's stored SMTP settings and password into nodemailer's
 * connection options (DESIGN.md "TLS"): `tls` is TLS from the first byte; `starttls`
 * requires STARTTLS and refuses a server that does not offer it (`requireTLS`); `none` only
 * to this computer. Certificates are always verified. A pinned exception for a self-signed
 * server is wired in here, too.
 * @throws AppError `invalid-input` (field `smtp.security`) for `none` off loopback.
 */
export function createSmtpTransport(account: SmtpAccount, password: string, options: SmtpTransportOptions = {}): SmtpTransport {
  const { host, security } = account.smtp;
  if (security === 'none' && !isLoopbackHost(host)) {
    throw new AppError('invalid-input', `Sending without encryption is only allowed to a server on this computer, not to ${host}.`, { field: 'smtp.security' });
  }
  // The same options the connection test uses (smtp-options.ts → tls-policy.ts): certificates
  // verified, a pinned exception honoured, STARTTLS required when chosen.
  const { auth: _auth, ...transportOptions } = smtpTransportOptions(
    { ...account.smtp, user: account.userName, password, certificateExceptions: account.certificateExceptions, tlsPolicy: account.tlsPolicy },
    options.timeoutMs ?? 60_000,
  );
  const connectionOptions: SMTPConnection.Options = { ...transportOptions, ...(options.clientName === undefined ? {} : { name: options.clientName }) };
  const auth = { user: account.userName, pass: password };
  return {
    send: (envelope, raw, hooks) => sendOnce(connectionOptions, auth, envelope, raw, hooks ?? {}, password),
  };
}

/** One connection, one message, then QUIT. Every failure is classified by whether DATA had begun. */
function sendOnce(
  connectionOptions: SMTPConnection.Options,
  auth: { user: string; pass: string },
  envelope: SmtpEnvelope,
  raw: Buffer,
  hooks: SmtpSendHooks,
  password: string,
): Promise<SmtpSendResult> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection(connectionOptions);
    let dataStarted = false;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      connection.close();
      reject(classifySmtpFailure(error, { dataStarted, password }));
    };
    // Without a listener an 'error' event would crash the process; the pending callback
    // (if any) reports the failure, this one covers errors outside a command.
    connection.on('error', fail);
    // The message is read only once the server has answered DATA with 354 (nodemailer pipes
    // it then): the first read is the moment DATA's content starts.
    const body = new Readable({
      read() {
        if (!dataStarted) {
          dataStarted = true;
          hooks.onDataStart?.();
          this.push(raw);
          this.push(null);
        }
      },
    });
    connection.connect(() => {
      connection.login(auth, (loginError) => {
        if (loginError) return fail(loginError);
        connection.send({ from: envelope.from, to: envelope.to }, body, (sendError, info) => {
          if (sendError) return fail(sendError);
          if (settled) return;
          settled = true;
          connection.quit();
          const reasons = new Map((info.rejectedErrors ?? []).map((error) => [String((error as { recipient?: unknown }).recipient ?? ''), String(error.response ?? error.message)]));
          resolve({
            accepted: info.accepted.map(String),
            refused: info.rejected.map((address) => ({ address: String(address), reason: reasons.get(String(address)) ?? 'refused' })),
            response: info.response,
          });
        });
      });
    });
  });
}

export { SmtpSendFailure };
