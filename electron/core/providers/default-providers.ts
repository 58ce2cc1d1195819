import { checkImapConnection, createImapProvider, type ImapSettings } from './imap/index.js';
import type { MailboxConnectionSettings, ProviderFactory } from './provider-factory.js';

function imapSettings(settings: MailboxConnectionSettings, password: string): ImapSettings {
  return { ...settings.imap, user: settings.userName, password };
}

/** The providers a running Hirebox uses: IMAP today; Gmail and Microsoft join here. */
export const defaultProviders: ProviderFactory = {
  check: (settings, password) => checkImapConnection(imapSettings(settings, password)),
  open: (settings, password) => createImapProvider(imapSettings(settings, password)),
};
