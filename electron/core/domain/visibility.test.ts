import { describe, expect, it } from 'vitest';
import { candidateScope, mayUseMailbox, mayViewCandidate, mayViewThread, type MailboxDirectory, type TeamDirectory, type ThreadFacts } from './visibility.js';

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

describe('who may use a mailbox (see it, sync it, send from it)', () => {
  const lists: MailboxDirectory = { membersOf: (mailboxId) => (mailboxId === 'careers' ? ['rita', 'hank'] : []) };
  const olivias = { id: 'olivia-mailbox', kind: 'personal' as const, ownerUserId: 'olivia' };
  const careers = { id: 'careers', kind: 'shared' as const, ownerUserId: null };
  const jobs = { id: 'jobs', kind: 'shared' as const, ownerUserId: null };

  it('a personal mailbox is its owner’s alone — not even an admin’s', () => {
    expect(mayUseMailbox(admin, olivias, lists)).toBe(true);
    expect(mayUseMailbox(recruiter, olivias, lists)).toBe(false);
    expect(mayUseMailbox(admin, { ...olivias, ownerUserId: 'rita' }, lists)).toBe(false);
    expect(mayUseMailbox(recruiter, { ...olivias, ownerUserId: null }, lists)).toBe(false);
  });

  it('a shared inbox is for the users on its list, whatever their role (R13)', () => {
    expect(mayUseMailbox(recruiter, careers, lists)).toBe(true);
    expect(mayUseMailbox(manager, careers, lists)).toBe(true);
    expect(mayUseMailbox(admin, careers, lists)).toBe(false);
    expect(mayUseMailbox(recruiter, jobs, lists)).toBe(false);
  });

  it('asks for a list only for a shared inbox', () => {
    const asked: string[] = [];
    const counting: MailboxDirectory = { membersOf: (mailboxId) => (asked.push(mailboxId), lists.membersOf(mailboxId)) };
    mayUseMailbox(admin, olivias, counting);
    mayUseMailbox(recruiter, careers, counting);
    expect(asked).toEqual(['careers']);
  });
});
