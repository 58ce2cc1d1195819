import type { ServerSettings } from '../../../shared/model.js';
import type { MailProvider } from './mail-provider.js';

/** What is stored about a connection, secrets apart (the password is sealed separately). */
export interface MailboxConnectionSettings {
  provider: 'imap';
  userName: string;
  imap: ServerSettings;
  smtp: ServerSettings;
}

/**
 * Opens providers for connected mailboxes. The engine gets the real one; the tests pass
 * the same, pointed at Dovecot — this seam exists for the Gmail and Graph providers.
 */
export interface ProviderFactory {
  /** Logs in and out: the connection is checked before it is saved (R11). */
  check(settings: MailboxConnectionSettings, password: string): Promise<void>;
  open(settings: MailboxConnectionSettings, password: string): MailProvider;
}
