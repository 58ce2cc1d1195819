import type { Role } from '../../shared/model.js';

/**
 * What the UI offers to whom. The engine decides (and answers `forbidden`); these only
 * keep buttons away from people who would be refused.
 */

/** Create, edit, merge and import candidates; create, edit and archive jobs. */
export function canManageCandidates(role: Role): boolean {
  return role === 'admin' || role === 'recruiter';
}

/** Add team members, change roles and aliases. */
export function canManageTeam(role: Role): boolean {
  return role === 'admin';
}
