import type { MailboxSummary } from '../../../shared/model.js';
import type { MailboxDirectory } from '../domain/visibility.js';
import type { Store } from '../store/store.js';

/** The shared inboxes' lists, from the store, for `mayUseMailbox`. */
export function mailboxDirectory(store: Store): MailboxDirectory {
  return { membersOf: (mailboxId) => store.mailboxes.members(mailboxId) };
}

/**
 * A mailbox as the engine answers it: with `unlinkedAt` (R12), so a client never offers an
 * unlinked mailbox to send from.
 */
export function withUnlinkedAt(store: Store, mailbox: MailboxSummary): MailboxSummary {
  return { ...mailbox, unlinkedAt: store.outbox.sendingFacts(mailbox.id)?.disconnectedAt ?? null };
}
