import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../../shared/model.js';
import { candidateScope, type CandidateScope } from '../../domain/visibility.js';
import { collectPages, createdAt, openTempStore, seedCandidate, seedJob, seedMailbox, seedThread, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

function scopeOf(user: User): CandidateScope {
  return candidateScope({ userId: user.id, role: user.role });
}

function visibleThreadIds(user: User, mailboxId?: string): string[] {
  return subject.store.threads.list({ scope: scopeOf(user), viewerUserId: user.id, mailboxId, limit: 100 }).items.map((thread) => thread.id);
}

describe('the thread list', () => {
  it('follows the visibility rule: candidate in scope ∧ (personal mailbox ∨ member of the shared one)', () => {
    const { store } = subject;
    const recruiter = seedUser(store, 'recruiter');
    const manager = seedUser(store, 'hiring-manager');
    const outsider = seedUser(store, 'recruiter');
    const teamJob = seedJob(store, { team: [manager.id] });
    const otherJob = seedJob(store);
    const teamCandidate = seedCandidate(store, { name: 'Team Candidate', jobIds: [teamJob] });
    const otherCandidate = seedCandidate(store, { name: 'Other Candidate', jobIds: [otherJob] });

    const personal = seedMailbox(store, { ownerUserId: recruiter.id });
    const shared = seedMailbox(store, { kind: 'shared', members: [recruiter.id, manager.id] });

    const personalTeam = seedThread(store, personal, [{ date: '2025-03-01T10:00:00Z', links: [{ candidateId: teamCandidate }] }]).threadId;
    const personalOther = seedThread(store, personal, [{ date: '2025-03-01T11:00:00Z', links: [{ candidateId: otherCandidate }] }]).threadId;
    const sharedTeam = seedThread(store, shared, [{ date: '2025-03-01T12:00:00Z', links: [{ candidateId: teamCandidate }] }]).threadId;
    const sharedOther = seedThread(store, shared, [{ date: '2025-03-01T13:00:00Z', links: [{ candidateId: otherCandidate }] }]).threadId;
    const sharedBoth = seedThread(store, shared, [
      { date: '2025-03-01T14:00:00Z', links: [{ candidateId: otherCandidate }] },
      { date: '2025-03-01T14:05:00Z', links: [{ candidateId: teamCandidate, reason: 'reply-chain' }] },
    ]).threadId;
    seedThread(store, shared, [{ date: '2025-03-01T15:00:00Z' }]); // linked to nobody

    expect(visibleThreadIds(recruiter)).toEqual([sharedBoth, sharedOther, sharedTeam, personalOther, personalTeam]);
    expect(visibleThreadIds(manager)).toEqual([sharedBoth, sharedTeam, personalTeam]);
    expect(visibleThreadIds(outsider)).toEqual([personalOther, personalTeam]);
    expect(visibleThreadIds(recruiter, personal)).toEqual([personalOther, personalTeam]);
    expect(visibleThreadIds(outsider, shared)).toEqual([]);
  });

  it('names only the candidates the viewer may see, each with the reason they joined the thread', () => {
    const { store } = subject;
    const manager = seedUser(store, 'hiring-manager');
    const admin = seedUser(store, 'admin');
    const teamCandidate = seedCandidate(store, { name: 'Team Candidate', jobIds: [seedJob(store, { team: [manager.id] })] });
    const otherCandidate = seedCandidate(store, { name: 'Other Candidate', jobIds: [seedJob(store)] });
    const mailbox = seedMailbox(store, { ownerUserId: admin.id });
    seedThread(store, mailbox, [
      { date: '2025-03-01T14:00:00Z', links: [{ candidateId: otherCandidate }] },
      { date: '2025-03-01T14:05:00Z', links: [{ candidateId: teamCandidate, reason: 'forward' }] },
      { date: '2025-03-01T14:10:00Z', links: [{ candidateId: teamCandidate, reason: 'reply-chain' }] },
    ]);
    const list = (user: User) => store.threads.list({ scope: scopeOf(user), viewerUserId: user.id, limit: 10 }).items[0]?.candidates;
    expect(list(manager)).toEqual([{ id: teamCandidate, name: 'Team Candidate', reason: 'forward' }]);
    expect(list(admin)).toEqual([
      { id: otherCandidate, name: 'Other Candidate', reason: 'address' },
      { id: teamCandidate, name: 'Team Candidate', reason: 'forward' },
    ]);
  });

  it('summarises each thread: first subject, latest snippet and date, count, attachments, unread per viewer', () => {
    const { store } = subject;
    const anna = seedUser(store, 'recruiter');
    const bert = seedUser(store, 'recruiter');
    const candidateId = seedCandidate(store, { jobIds: [seedJob(store)] });
    const mailbox = seedMailbox(store, { kind: 'shared', members: [anna.id, bert.id] });
    const { threadId, messageIds } = seedThread(store, mailbox, [
      { date: '2025-03-01T10:00:00Z', subject: 'Application', links: [{ candidateId }] },
      { date: '2025-03-02T10:00:00Z', subject: 'Re: Application', hasAttachments: true, links: [{ candidateId }] },
    ]);
    for (const messageId of messageIds) store.messages.markRead(anna.id, messageId, createdAt);
    store.messages.markRead(bert.id, messageIds[0]!, createdAt);

    const summary = (user: User) => store.threads.list({ scope: scopeOf(user), viewerUserId: user.id, limit: 10 }).items[0];
    expect(summary(anna)).toEqual({
      id: threadId,
      subject: 'Application',
      snippet: 'snippet of Re: Application',
      lastMessageAt: '2025-03-02T10:00:00Z',
      messageCount: 2,
      unread: false,
      hasAttachments: true,
      candidates: [{ id: candidateId, name: expect.any(String), reason: 'address' }],
      mailboxId: mailbox,
      jobs: [{ id: expect.any(String), title: expect.any(String) }],
      from: { name: 'Someone', address: 'someone@example.org' },
      waitingForReply: true,
      assignee: null,
    });
    expect(summary(bert)?.unread).toBe(true);
  });

  it('orders by the last message, whatever order the messages were stored in', () => {
    const { store } = subject;
    const admin = seedUser(store, 'admin');
    const candidateId = seedCandidate(store, { jobIds: [seedJob(store)] });
    const mailbox = seedMailbox(store, { ownerUserId: admin.id });
    const old = seedThread(store, mailbox, [{ date: '2025-01-01T00:00:00Z', links: [{ candidateId }] }]).threadId;
    const revived = seedThread(store, mailbox, [
      { date: '2024-12-01T00:00:00Z', links: [{ candidateId }] },
      { date: '2025-02-01T00:00:00Z', links: [{ candidateId }] },
    ]).threadId;
    const backfilled = seedThread(store, mailbox, [{ date: '2024-06-01T00:00:00Z', links: [{ candidateId }] }]).threadId;
    // Within one second the message stored later counts as the newer one.
    const sameSecond = seedThread(store, mailbox, [{ date: '2025-01-01T00:00:00.500Z', links: [{ candidateId }] }]).threadId;
    expect(visibleThreadIds(admin)).toEqual([revived, sameSecond, old, backfilled]);
  });

  it('pages newest first: every visible thread exactly once; a garbage cursor is refused', () => {
    const { store } = subject;
    const admin = seedUser(store, 'admin');
    const candidateId = seedCandidate(store, { jobIds: [seedJob(store)] });
    const mailbox = seedMailbox(store, { ownerUserId: admin.id });
    const ids = Array.from({ length: 23 }, (_, index) =>
      seedThread(store, mailbox, [{ date: `2025-03-01T10:00:${String(index % 4).padStart(2, '0')}Z`, links: [{ candidateId }] }]).threadId,
    );
    const pages = collectPages((cursor) => store.threads.list({ scope: { kind: 'all' }, viewerUserId: admin.id, cursor, limit: 5 }));
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
    const listed = pages.flat();
    expect(listed.map((thread) => thread.id).sort()).toEqual([...ids].sort());
    const dates = listed.map((thread) => thread.lastMessageAt);
    expect(dates).toEqual([...dates].sort().reverse());

    const byMailbox = collectPages((cursor) =>
      store.threads.list({ scope: { kind: 'all' }, viewerUserId: admin.id, mailboxId: mailbox, cursor, limit: 7 }),
    ).flat();
    expect(byMailbox.map((thread) => thread.id)).toEqual(listed.map((thread) => thread.id));

    for (const cursor of ['garbage', Buffer.from('["threads","x"]').toString('base64url')]) {
      expect(() => store.threads.list({ scope: { kind: 'all' }, viewerUserId: admin.id, cursor, limit: 5 })).toThrow(
        expect.objectContaining({ code: 'invalid-input', field: 'cursor' }),
      );
    }
  });

  it('filters by job, candidate, unread and "waiting for our reply", inside the scope only (Inbox I)', () => {
    const { store } = subject;
    const recruiter = seedUser(store, 'recruiter');
    const manager = seedUser(store, 'hiring-manager');
    const designJob = seedJob(store, { title: 'Designer', team: [manager.id] });
    const salesJob = seedJob(store, { title: 'Sales' });
    const dora = seedCandidate(store, { name: 'Dora', jobIds: [designJob] });
    const sam = seedCandidate(store, { name: 'Sam', jobIds: [salesJob] });
    const mailbox = seedMailbox(store, { ownerUserId: recruiter.id });
    const fromDora = seedThread(store, mailbox, [{ date: '2025-03-01T10:00:00Z', links: [{ candidateId: dora }] }]);
    // The newest message is the recruiter's own: not waiting for a reply.
    const answered = seedThread(store, mailbox, [
      { date: '2025-03-01T11:00:00Z', links: [{ candidateId: sam }] },
      { date: '2025-03-01T12:00:00Z', from: [{ address: recruiter.email }], links: [{ candidateId: sam }] },
    ]);
    const ids = (filters: object, user: User = recruiter) =>
      store.threads.list({ scope: scopeOf(user), viewerUserId: user.id, limit: 50, ...filters }).items.map((thread) => thread.id);

    expect(ids({})).toEqual([answered.threadId, fromDora.threadId]);
    expect(ids({ jobId: designJob })).toEqual([fromDora.threadId]);
    expect(ids({ candidateId: sam })).toEqual([answered.threadId]);
    expect(ids({ waitingForReply: true })).toEqual([fromDora.threadId]);
    expect(store.threads.list({ scope: scopeOf(recruiter), viewerUserId: recruiter.id, limit: 5 }).items[0]).toMatchObject({
      jobs: [{ id: salesJob, title: 'Sales' }],
      from: { address: recruiter.email },
      waitingForReply: false,
    });

    store.threads.setRead(fromDora.threadId, recruiter.id, true, createdAt);
    expect(ids({ unread: true })).toEqual([answered.threadId]);
    store.threads.setRead(fromDora.threadId, recruiter.id, false, createdAt);
    expect(ids({ unread: true })).toEqual([answered.threadId, fromDora.threadId]);

    // A filter never widens the scope: the hiring manager does not see Sam's thread through his job.
    expect(ids({ jobId: salesJob }, manager)).toEqual([]);
    expect(ids({ candidateId: sam }, manager)).toEqual([]);
    expect(ids({}, manager)).toEqual([fromDora.threadId]);
  });

  it('gives one thread oldest first with recipients, bodies, read state and each message\'s links in scope', () => {
    const { store } = subject;
    const recruiter = seedUser(store, 'recruiter');
    const candidateId = seedCandidate(store, { name: 'Dora', jobIds: [seedJob(store, { title: 'Designer' })] });
    const mailbox = seedMailbox(store, { ownerUserId: recruiter.id });
    const { threadId, messageIds } = seedThread(store, mailbox, [
      { date: '2025-03-02T10:00:00Z', subject: 'Re: Portfolio', body: 'second', links: [{ candidateId, reason: 'reply-chain' }] },
      { date: '2025-03-01T10:00:00Z', subject: 'Portfolio', body: 'first', links: [{ candidateId }] },
    ]);
    store.messages.markRead(recruiter.id, messageIds[1]!, createdAt);
    const detail = store.threads.detail(threadId, scopeOf(recruiter), recruiter.id, { limit: 100 });
    expect(detail.subject).toBe('Portfolio');
    expect(detail.mailboxId).toBe(mailbox);
    expect(detail.candidates).toEqual([{ id: candidateId, name: 'Dora', reason: 'address' }]);
    expect(detail.jobs).toEqual([{ id: expect.any(String), title: 'Designer' }]);
    expect(detail.messages.map((message) => [message.text, message.unread, message.links[0]?.reason])).toEqual([
      ['first', false, 'address'],
      ['second', true, 'reply-chain'],
    ]);
    expect(detail.messages[0]?.to).toEqual([{ address: 'recruiter@acme.com' }]);
    expect(store.threads.linkedCandidates(threadId)).toEqual([candidateId]);
  });

  it('refuses a thread in an unknown mailbox', () => {
    expect(() => subject.store.threads.insert({ id: randomUUID(), mailboxId: randomUUID(), createdAt })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });
});

describe('the unread count', () => {
  it('counts visible threads with unread mail for this viewer only', () => {
    const { store } = subject;
    const recruiter = seedUser(store, 'recruiter');
    const manager = seedUser(store, 'hiring-manager');
    const teamJob = seedJob(store, { team: [manager.id] });
    const teamCandidate = seedCandidate(store, { jobIds: [teamJob] });
    const otherCandidate = seedCandidate(store, { jobIds: [seedJob(store)] });
    const personal = seedMailbox(store, { ownerUserId: recruiter.id });
    const hidden = seedMailbox(store, { kind: 'shared', members: [recruiter.id] });
    const team = seedThread(store, personal, [
      { date: '2025-03-01T10:00:00Z', links: [{ candidateId: teamCandidate }] },
      { date: '2025-03-01T11:00:00Z', links: [{ candidateId: teamCandidate }] },
    ]).threadId;
    seedThread(store, personal, [{ date: '2025-03-01T12:00:00Z', links: [{ candidateId: otherCandidate }] }]);
    seedThread(store, hidden, [{ date: '2025-03-01T13:00:00Z', links: [{ candidateId: teamCandidate }] }]);

    expect(store.threads.unreadCount(scopeOf(recruiter), recruiter.id)).toBe(3);
    expect(store.threads.unreadCount(scopeOf(manager), manager.id)).toBe(1);
    store.threads.setRead(team, manager.id, true, createdAt);
    expect(store.threads.unreadCount(scopeOf(manager), manager.id)).toBe(0);
    expect(store.threads.unreadCount(scopeOf(recruiter), recruiter.id)).toBe(3);
  });
});
