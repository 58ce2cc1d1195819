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
