import { shouldNotify } from '../domain/new-mail-notice.js';
import { mayViewThread, type Viewer } from '../domain/visibility.js';
import type { Store } from '../store/store.js';
import { teamDirectory, threadFacts } from './thread-visibility.js';

/**
 * Whether `viewer` is told of new mail in `threadId`: never when they may not see the
 * thread (visible(), PRODUCT.md "Who sees what"), otherwise as their `newMailNotifications`
 * preference says — `my-jobs` when a candidate of the thread applied to a job whose team
 * includes them. An unknown (deleted) thread tells no one.
 */
export function wantsNewMailNotice(store: Store, viewer: Viewer, threadId: string): boolean {
  const setting = store.preferences.get(viewer.userId).newMailNotifications;
  if (setting === 'off') return false;
  const facts = threadFacts(store, threadId);
  if (facts === null) return false;
  const teams = teamDirectory(store);
  const ownJobs = teams.jobIdsOf(viewer.userId);
  return shouldNotify({
    setting,
    mayViewThread: mayViewThread(viewer, facts, teams),
    onJobTeam: facts.candidates.some((candidate) => candidate.jobIds.some((jobId) => ownJobs.has(jobId))),
  });
}
