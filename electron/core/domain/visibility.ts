import { assertNever } from '../../../shared/assert-never.js';
import type { MailboxKind, Role } from '../../../shared/model.js';

/**
 * Who sees what (PRODUCT.md "Who sees what"). This is the one place that decides it:
 * lists, search, pushed events and attachments all ask these functions, and the store's
 * list queries take the scope they return instead of deciding on their own.
 */

export interface Viewer {
  userId: string;
  role: Role;
}

/** Which candidates a viewer may see, in a form a list query can apply. */
export type CandidateScope =
  | { kind: 'all' }
  /** Candidates with an application to a job whose team includes `userId`. */
  | { kind: 'job-teams'; userId: string };

/** Admins and recruiters see every candidate; a hiring manager those of their jobs' teams. */
export function candidateScope(viewer: Viewer): CandidateScope {
  switch (viewer.role) {
    case 'admin':
    case 'recruiter':
      return { kind: 'all' };
    case 'hiring-manager':
      return { kind: 'job-teams', userId: viewer.userId };
    default:
      return assertNever(viewer.role);
  }
}

/** The facts about one candidate that decide whether a viewer may see them. */
export interface CandidateFacts {
  /** Ids of the jobs the candidate applied to. */
  jobIds: readonly string[];
}

export interface TeamDirectory {
  /** Ids of the jobs whose team includes the user. */
  jobIdsOf(userId: string): ReadonlySet<string>;
}

export function mayViewCandidate(viewer: Viewer, candidate: CandidateFacts, teams: TeamDirectory): boolean {
  const scope = candidateScope(viewer);
  if (scope.kind === 'all') return true;
  const own = teams.jobIdsOf(scope.userId);
  return candidate.jobIds.some((jobId) => own.has(jobId));
}

/**
 * A job (its page, its applications) is visible to admins and recruiters, and to a
 * hiring manager on its team. A hiring manager who sees a candidate through one job
 * does not see or move their applications to other jobs.
 */
export function mayViewJob(viewer: Viewer, jobId: string, teams: TeamDirectory): boolean {
  const scope = candidateScope(viewer);
  return scope.kind === 'all' || teams.jobIdsOf(scope.userId).has(jobId);
}

/** The facts about one mailbox that decide who may use it. */
export interface MailboxFacts {
  id: string;
  kind: MailboxKind;
  /** The owner of a personal mailbox; `null` for a shared inbox. */
  ownerUserId: string | null;
}

export interface MailboxDirectory {
  /** Ids of the users on a shared inbox's list (R13); asked only for a shared inbox. */
  membersOf(mailboxId: string): readonly string[];
}

/**
 * Who may use a mailbox — see it in Settings and its status events, sync it, fetch older
 * mail or search it, send from it: a personal mailbox only its owner (an admin too is no
 * exception), a shared inbox the users on its list (R13). Seeing a thread *from* a mailbox
 * is another rule (`mayViewThread`): a colleague's personal mailbox does not hide it.
 */
export function mayUseMailbox(viewer: Pick<Viewer, 'userId'>, mailbox: MailboxFacts, directory: MailboxDirectory): boolean {
  switch (mailbox.kind) {
    case 'personal':
      return mailbox.ownerUserId !== null && mailbox.ownerUserId === viewer.userId;
    case 'shared':
      return directory.membersOf(mailbox.id).includes(viewer.userId);
    default:
      return assertNever(mailbox.kind);
  }
}

/** The facts about one thread that decide whether a viewer may see it. */
export interface ThreadFacts {
  candidates: readonly CandidateFacts[];
  mailbox: { kind: 'personal' } | { kind: 'shared'; allowedUserIds: readonly string[] };
}

/**
 * `visible(user, thread)` ⇔ the user may see at least one candidate linked to the thread
 * ∧ (the thread's mailbox is personal ∨ the user is on the shared inbox's list).
 */
export function mayViewThread(viewer: Viewer, thread: ThreadFacts, teams: TeamDirectory): boolean {
  const mailboxAllows = thread.mailbox.kind === 'personal' || thread.mailbox.allowedUserIds.includes(viewer.userId);
  return mailboxAllows && thread.candidates.some((candidate) => mayViewCandidate(viewer, candidate, teams));
}
