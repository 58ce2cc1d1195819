import { checkImapConnection, createImapProvider, type ImapProviderOptions, type ImapSettings } from './imap/index.js';
import type { MailboxConnectionSettings, ProviderFactory } from './provider-factory.js';

function imapSettings(settings: MailboxConnectionSettings, password: string): ImapSettings {
  return { ...settings.imap, user: settings.userName, password };
}

/** Timeouts and page size of the real providers; the defaults suit real servers, tests shorten them. */
export type ProviderTuning = Pick<ImapProviderOptions, 'timeoutMs' | 'pollIntervalMs' | 'livenessTimeoutMs' | 'pageSize'>;

/** The providers a running Hirebox uses: IMAP today; Gmail and Microsoft join here. */
export function createDefaultProviders(tuning: ProviderTuning = {}): ProviderFactory {
  return {
    check: (settings, password) => checkImapConnection(imapSettings(settings, password), tuning.timeoutMs === undefined ? {} : { timeoutMs: tuning.timeoutMs }),
    open: (settings, password) => createImapProvider(imapSettings(settings, password), tuning),
  };
}

export const defaultProviders: ProviderFactory = createDefaultProviders();
