import type { CredentialSource } from '../auth/credentials.js';
import { AppError } from '../errors.js';
import { checkImap, createImapProvider, type ImapProviderOptions, type ImapSettings } from './imap/index.js';
import type { MailboxSettings } from './mailbox-settings.js';
import type { MailProvider } from './mail-provider.js';
import type { ProviderFactory } from './provider-factory.js';
import { sentCopyPolicy } from './smtp/sent-copy.js';
import { checkSmtp } from './smtp/smtp-check.js';
import type { SmtpSettings } from './smtp/smtp-options.js';
import { sendBySmtp } from './smtp/smtp-sending.js';
import { createSmtpTransport } from './smtp/smtp-transport.js';
import type { TlsPolicy } from './tls-policy.js';

function imapSettings(settings: MailboxSettings, password: string, tlsPolicy: TlsPolicy): ImapSettings {
  return { ...settings.imap, user: settings.userName, password, certificateExceptions: settings.certificateExceptions, tlsPolicy };
}

function smtpSettings(settings: MailboxSettings, password: string, tlsPolicy: TlsPolicy): SmtpSettings {
  return { ...settings.smtp, user: settings.userName, password, certificateExceptions: settings.certificateExceptions, tlsPolicy };
}

/** Timeouts and page size of the real providers; the defaults suit real servers, tests shorten them. */
export type ProviderTuning = Pick<ImapProviderOptions, 'timeoutMs' | 'pollIntervalMs' | 'livenessTimeoutMs' | 'pageSize'>;

/** An IMAP/SMTP account signs in with a password; anything else is not for these servers. */
async function passwordOf(credentials: CredentialSource): Promise<string> {
  const credential = await credentials.current();
  if (credential.kind !== 'password') throw new AppError('auth-required', 'This mailbox signs in with a password; enter it again.');
  return credential.password;
}

/** The user's choice for the mailbox, else whether its SMTP server is known to file the copy itself. */
function imapSentCopy(settings: MailboxSettings): MailProvider['sentCopy'] {
  return sentCopyPolicy(settings.sentCopy ?? null, settings.smtp.host) === 'server' ? 'server' : 'client';
}

/**
 * An IMAP/SMTP mailbox: reading over IMAP, sending over SMTP. The Sent copy is filed by
 * Hirebox unless the user said otherwise or the SMTP server is known to file it itself.
 */
export function openImapMailbox(settings: MailboxSettings, password: string, tlsPolicy: TlsPolicy, tuning: ProviderTuning): MailProvider {
  const imap = createImapProvider(imapSettings(settings, password, tlsPolicy), tuning);
  const transport = createSmtpTransport({ smtp: settings.smtp, userName: settings.userName, certificateExceptions: settings.certificateExceptions, tlsPolicy }, password);
  return {
    ...imap,
    sentCopy: imapSentCopy(settings),
    send: (message, hooks) => sendBySmtp(transport, message, hooks),
  };
}

/** The providers a running Hirebox uses: IMAP today; Gmail and Microsoft join here. */
export function createDefaultProviders(options: ProviderTuning & TlsPolicy = {}): ProviderFactory {
  const { trustedCertificates, ...tuning } = options;
  const tlsPolicy: TlsPolicy = { trustedCertificates };
  const checkOptions = tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs };
  return {
    async testConnection(settings, credentials) {
      const password = await passwordOf(credentials);
      const [imap, smtp] = await Promise.all([checkImap(imapSettings(settings, password, tlsPolicy), checkOptions), checkSmtp(smtpSettings(settings, password, tlsPolicy))]);
      return { ok: imap.ok && smtp.ok, checks: [imap, smtp] };
    },
    open: async (settings, credentials) => openImapMailbox(settings, await passwordOf(credentials), tlsPolicy, tuning),
    sentCopy: imapSentCopy,
  };
}
