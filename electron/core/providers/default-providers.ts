import { checkImap, createImapProvider, type ImapProviderOptions, type ImapSettings } from './imap/index.js';
import type { MailboxConnectionSettings, ProviderFactory } from './provider-factory.js';
import { checkSmtp } from './smtp/smtp-check.js';
import type { SmtpSettings } from './smtp/smtp-options.js';
import type { TlsPolicy } from './tls-policy.js';

function imapSettings(settings: MailboxConnectionSettings, password: string, tlsPolicy: TlsPolicy): ImapSettings {
  return { ...settings.imap, user: settings.userName, password, certificateExceptions: settings.certificateExceptions, tlsPolicy };
}

/** The SMTP settings of a mailbox for nodemailer (the lead wires sending to the same). */
export function smtpSettings(settings: MailboxConnectionSettings, password: string, tlsPolicy: TlsPolicy = {}): SmtpSettings {
  return { ...settings.smtp, user: settings.userName, password, certificateExceptions: settings.certificateExceptions, tlsPolicy };
}

/** Timeouts and page size of the real providers; the defaults suit real servers, tests shorten them. */
export type ProviderTuning = Pick<ImapProviderOptions, 'timeoutMs' | 'pollIntervalMs' | 'livenessTimeoutMs' | 'pageSize'>;

/** The providers a running Hirebox uses: IMAP today; Gmail and Microsoft join here. */
export function createDefaultProviders(options: ProviderTuning & TlsPolicy = {}): ProviderFactory {
  const { trustedCertificates, ...tuning } = options;
  const tlsPolicy: TlsPolicy = { trustedCertificates };
  const checkOptions = tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs };
  return {
    async testConnection(settings, password) {
      const [imap, smtp] = await Promise.all([checkImap(imapSettings(settings, password, tlsPolicy), checkOptions), checkSmtp(smtpSettings(settings, password, tlsPolicy))]);
      return { ok: imap.ok && smtp.ok, imap, smtp };
    },
    open: (settings, password) => createImapProvider(imapSettings(settings, password, tlsPolicy), tuning),
  };
}

export const defaultProviders: ProviderFactory = createDefaultProviders();
