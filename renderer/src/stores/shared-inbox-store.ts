import type { Result } from '../../../shared/errors.js';
import type { SharedInboxMembers } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { useMailboxesStore } from './lists.js';

/*
 * Shared inboxes and the company inbox (R13), in a mailbox's row: who is on a shared inbox's
 * list, and which mailbox is the company inbox. Admins change them; the engine refuses others.
 * After a change the list of mailboxes is read again (its marks and who may see a mailbox
 * follow), without waiting for it.
 */

/** Makes this mailbox the company inbox, or (null) leaves the workspace without one. */
export async function setCompanyInbox(mailboxId: string | null): Promise<Result<{ companyInboxId: string | null }>> {
  const result = await call('mailboxes:set-company-inbox', { mailboxId });
  if (result.ok) void useMailboxesStore.getState().refresh();
  return result;
}

/** Who is on a shared inbox's list. */
export function loadSharedInboxMembers(mailboxId: string): Promise<Result<SharedInboxMembers>> {
  return call('mailboxes:members', { mailboxId });
}

/** Puts exactly these team members on a shared inbox's list. */
export async function setSharedInboxMembers(mailboxId: string, memberIds: string[]): Promise<Result<SharedInboxMembers>> {
  const result = await call('mailboxes:set-members', { mailboxId, memberIds });
  // Someone taken off may be the viewer's colleague only; the list of mailboxes stays right either way.
  if (result.ok) void useMailboxesStore.getState().refresh();
  return result;
}
