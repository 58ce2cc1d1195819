import { assertNever } from '../../../../shared/assert-never.js';
import type { CandidateScope } from '../../domain/visibility.js';

/**
 * The domain's `CandidateScope` (electron/core/domain/visibility.ts) in SQL. This file
 * translates the scope, it does not decide it: what a viewer may see is settled there.
 *
 * The fragments read the named parameters of `scopeParameters`, so one prepared statement
 * serves every scope.
 */

/** The named parameters the fragments below read. */
export interface ScopeParameters {
  scopeAll: 0 | 1;
  scopeUserId: string | null;
}

/** Bind these with any statement that uses the fragments below. */
export function scopeParameters(scope: CandidateScope): ScopeParameters {
  switch (scope.kind) {
    case 'all':
      return { scopeAll: 1, scopeUserId: null };
    case 'job-teams':
      return { scopeAll: 0, scopeUserId: scope.userId };
    default:
      return assertNever(scope);
  }
}

/** SQL that is true when the candidate whose id is `candidateId` (an SQL expression) is in scope. */
export function candidateInScope(candidateId: string): string {
  return `(@scopeAll = 1 OR EXISTS (
    SELECT 1 FROM applications scope_a JOIN job_team scope_t ON scope_t.job_id = scope_a.job_id
    WHERE scope_a.candidate_id = ${candidateId} AND scope_t.user_id = @scopeUserId))`;
}

/** SQL that is true when the job whose id is `jobId` is one whose candidates are in scope. */
export function jobInScope(jobId: string): string {
  return `(@scopeAll = 1 OR EXISTS (
    SELECT 1 FROM job_team scope_t WHERE scope_t.job_id = ${jobId} AND scope_t.user_id = @scopeUserId))`;
}

/** Which of a thread list's filters apply (each reads its named parameter). */
export interface ThreadFilters {
  /** `@jobId`: the thread has a linked candidate with an application to that job. */
  byJob?: boolean | undefined;
  /** `@candidateId`: the thread has mail linked to that candidate. */
  byCandidate?: boolean | undefined;
}

/**
 * SQL conditions (each starting with AND) that a thread `t` in mailbox `mb` is one the
 * viewer may see — its mailbox is personal or the viewer is a member (`@viewerUserId`),
 * and it has mail linked to a candidate in scope — plus the job and candidate filters,
 * which only ever narrow what is visible. The inbox and search both read it, so they
 * can never disagree about who sees a thread.
 */
export function threadVisible(filters: ThreadFilters): string {
  return `
      AND (mb.kind = 'personal'
           OR EXISTS (SELECT 1 FROM shared_mailbox_members smm
                      WHERE smm.mailbox_id = mb.id AND smm.user_id = @viewerUserId))
      AND EXISTS (SELECT 1 FROM messages vm JOIN links vl ON vl.message_id = vm.id
                  WHERE vm.thread_id = t.id AND ${candidateInScope('vl.candidate_id')})
      ${
        filters.byJob
          ? `AND EXISTS (SELECT 1 FROM messages vm JOIN links vl ON vl.message_id = vm.id
                  JOIN applications va ON va.candidate_id = vl.candidate_id
                  WHERE vm.thread_id = t.id AND va.job_id = @jobId AND ${candidateInScope('vl.candidate_id')} AND ${jobInScope('va.job_id')})`
          : ''
      }
      ${
        filters.byCandidate
          ? `AND EXISTS (SELECT 1 FROM messages vm JOIN links vl ON vl.message_id = vm.id
                  WHERE vm.thread_id = t.id AND vl.candidate_id = @candidateId AND ${candidateInScope('vl.candidate_id')})`
          : ''
      }`;
}
