import type { CredentialVault } from '../auth/credentials.js';
import { AppError } from '../errors.js';
import { parseStoredSettings, type MailboxSettings } from '../providers/mailbox-settings.js';
import type { MailboxOpener, ProviderFactory } from '../providers/provider-factory.js';
import type { Store } from '../store/store.js';

/**
 * A mailbox's settings as its provider opens with them: the stored JSON, parsed, with the
 * certificates the user trusted by hand (their own table, never the settings JSON) and the
 * user's choice of who files the Sent copy. Null when the mailbox has no stored connection.
 */
export function mailboxSettings(store: Store, mailboxId: string): MailboxSettings | null {
  const stored = store.mailboxes.connectionOf(mailboxId);
  if (stored === null || stored.connection === null) return null;
  return {
    ...parseStoredSettings(stored.connection),
    certificateExceptions: store.certificateExceptions.list(mailboxId),
    sentCopy: store.outbox.sendingFacts(mailboxId)?.sentCopy ?? null,
  };
}

/** The engine's one way to open a connected mailbox: its parsed settings and its one credential source. */
export function createMailboxOpener(store: Store, providers: ProviderFactory, vault: CredentialVault): MailboxOpener {
  return {
    open(mailboxId) {
      // Unlinked (R12): nothing reaches its server again, whoever asks.
      if (store.outbox.sendingFacts(mailboxId)?.disconnectedAt != null) {
        return Promise.reject(new AppError('conflict', 'This mailbox was unlinked; connect it again to use it.', { rule: 'R12' }));
      }
      const settings = mailboxSettings(store, mailboxId);
      if (settings === null) return Promise.reject(new AppError('not-found', 'There is no mailbox with this id.'));
      return providers.open(settings, vault.sourceFor(mailboxId));
    },
  };
}
