import { mayViewThread, type TeamDirectory, type ThreadFacts, type Viewer } from '../domain/visibility.js';
import type { Store } from '../store/store.js';

/** The job teams, from the store, for the visibility rule. */
export function teamDirectory(store: Store): TeamDirectory {
  return { jobIdsOf: (userId) => store.jobs.jobIdsOfTeamMember(userId) };
}

/** What `mayViewThread` needs to know of a stored thread; `null` for an unknown thread. */
export function threadFacts(store: Store, threadId: string): ThreadFacts | null {
  const mailboxId = store.threads.mailboxOf(threadId);
  const mailbox = mailboxId === null ? null : store.mailboxes.get(mailboxId);
  if (mailbox === null) return null;
  return {
    candidates: store.threads.linkedCandidates(threadId).map((id) => ({ jobIds: store.candidates.jobIdsOf(id) })),
    mailbox: mailbox.kind === 'personal' ? { kind: 'personal' } : { kind: 'shared', allowedUserIds: store.mailboxes.members(mailbox.id) },
  };
}

/**
 * The threads of `threadIds` the viewer may see (`visible(user, thread)`), in their order:
 * what a pushed `inbox:changed` tells each caller. Unknown (deleted) threads are left out.
 */
export function visibleThreadIds(store: Store, viewer: Viewer, threadIds: readonly string[]): string[] {
  const teams = teamDirectory(store);
  return threadIds.filter((threadId) => {
    const facts = threadFacts(store, threadId);
    return facts !== null && mayViewThread(viewer, facts, teams);
  });
}
