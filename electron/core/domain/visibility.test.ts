import { describe, expect, it } from 'vitest';
import { candidateScope, mayViewCandidate, mayViewThread, type TeamDirectory, type ThreadFacts } from './visibility.js';

const teams: TeamDirectory = {
  jobIdsOf: (userId) => new Set(userId === 'hank' ? ['backend'] : []),
};
const admin = { userId: 'olivia', role: 'admin' as const };
const recruiter = { userId: 'rita', role: 'recruiter' as const };
const manager = { userId: 'hank', role: 'hiring-manager' as const };
const backendCandidate = { jobIds: ['backend'] };
const salesCandidate = { jobIds: ['sales'] };

describe('who sees which candidate', () => {
  it('lets admins and recruiters see every candidate', () => {
    expect(candidateScope(admin)).toEqual({ kind: 'all' });
    expect(mayViewCandidate(recruiter, salesCandidate, teams)).toBe(true);
  });

  it('lets a hiring manager see the candidates of their jobs only', () => {
    expect(candidateScope(manager)).toEqual({ kind: 'job-teams', userId: 'hank' });
    expect(mayViewCandidate(manager, backendCandidate, teams)).toBe(true);
    expect(mayViewCandidate(manager, salesCandidate, teams)).toBe(false);
  });
});

describe('visible(user, thread)', () => {
  const personal: ThreadFacts['mailbox'] = { kind: 'personal' };
  const careers: ThreadFacts['mailbox'] = { kind: 'shared', allowedUserIds: ['rita'] };

  it('needs at least one visible candidate on the thread', () => {
    expect(mayViewThread(manager, { candidates: [salesCandidate, backendCandidate], mailbox: personal }, teams)).toBe(true);
    expect(mayViewThread(manager, { candidates: [salesCandidate], mailbox: personal }, teams)).toBe(false);
    expect(mayViewThread(admin, { candidates: [], mailbox: personal }, teams)).toBe(false);
  });

  it('needs the user on the list of a shared inbox', () => {
    expect(mayViewThread(recruiter, { candidates: [salesCandidate], mailbox: careers }, teams)).toBe(true);
    expect(mayViewThread(admin, { candidates: [salesCandidate], mailbox: careers }, teams)).toBe(false);
  });
});
