import type { Store } from '../store/store.js';
import type { MailboxConnectionSettings } from './provider-factory.js';

/**
 * A mailbox's connection as every opener needs it — sync, backfill, sending, the Sent
 * copy, crash recovery: the stored settings with the certificates the user trusted by hand
 * (they live in their own table, never in the settings JSON), and the sealed password.
 * Null when the mailbox has no stored connection.
 */
export function storedConnection(store: Store, mailboxId: string): { settings: MailboxConnectionSettings; credentials: Buffer | null } | null {
  const stored = store.mailboxes.connectionOf(mailboxId);
  if (stored === null || stored.connection === null) return null;
  const settings: MailboxConnectionSettings = { ...(stored.connection as MailboxConnectionSettings), certificateExceptions: store.certificateExceptions.list(mailboxId) };
  return { settings, credentials: stored.credentials };
}
