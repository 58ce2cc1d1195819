import type { DisconnectedMailbox, User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import type { MailboxService } from './mailbox-service.js';
import type { OutboxService } from './outbox-service.js';

/**
 * Unlinks a mailbox (R12, `OutboxService.disconnect`) and, for one that signs in with OAuth
 * (Gmail), withdraws its grant at the provider afterwards: the tokens are read first,
 * because unlinking deletes them. A revoke that fails still leaves the mailbox unlinked and
 * says so (`grantRevoked: false`), so the person can remove the access in their account.
 */
export async function disconnectMailbox(
  services: { mailboxes: MailboxService; outbox: OutboxService },
  actor: User,
  viewer: Viewer,
  input: { mailboxId: string; moveQueuedTo?: string | undefined; viaCompanyInbox?: { replyTo: string } | undefined },
): Promise<DisconnectedMailbox> {
  const grant = services.mailboxes.grantOf(viewer, input.mailboxId);
  const mailbox = await services.outbox.disconnect(actor, viewer, input.mailboxId, input.moveQueuedTo, input.viaCompanyInbox);
  if (grant === null) return mailbox;
  return { ...mailbox, grantRevoked: await services.mailboxes.revokeGrant(input.mailboxId, grant) };
}
