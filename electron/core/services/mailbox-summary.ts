import type { MailboxSummary } from '../../../shared/model.js';
import type { Store } from '../store/store.js';

/**
 * A mailbox as the engine answers it: with `unlinkedAt` (R12), so a client never offers an
 * unlinked mailbox to send from.
 */
export function withUnlinkedAt(store: Store, mailbox: MailboxSummary): MailboxSummary {
  return { ...mailbox, unlinkedAt: store.outbox.sendingFacts(mailbox.id)?.disconnectedAt ?? null };
}
