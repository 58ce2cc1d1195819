import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectPages, openTempStore, seedCandidate, seedJob, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

const all = { kind: 'all' } as const;

describe('jobs', () => {
  it('are listed newest first with their candidate count, filtered by status', () => {
    const { store } = subject;
    const older = seedJob(store, { title: 'Older', createdAt: '2025-01-01T00:00:00Z' });
    const newer = seedJob(store, { title: 'Newer', createdAt: '2025-02-01T00:00:00Z' });
    const archived = seedJob(store, { title: 'Archived', status: 'archived', createdAt: '2025-03-01T00:00:00Z' });
    seedCandidate(store, { jobIds: [newer, older] });
    seedCandidate(store, { jobIds: [newer] });

    expect(store.jobs.list({ status: 'open', scope: all, limit: 10 }).items).toEqual([
      { id: newer, title: 'Newer', status: 'open', candidateCount: 2, createdAt: '2025-02-01T00:00:00Z' },
      { id: older, title: 'Older', status: 'open', candidateCount: 1, createdAt: '2025-01-01T00:00:00Z' },
    ]);
    expect(store.jobs.list({ status: 'archived', scope: all, limit: 10 }).items.map((job) => job.id)).toEqual([archived]);
    expect(store.jobs.list({ status: 'all', scope: all, limit: 10 }).items.map((job) => job.id)).toEqual([archived, newer, older]);
  });

  it('are seen by a hiring manager only where they are on the team', () => {
    const { store } = subject;
    const manager = seedUser(store, 'hiring-manager');
    const colleague = seedUser(store, 'hiring-manager');
    const own = seedJob(store, { team: [manager.id, colleague.id] });
    seedJob(store, { team: [colleague.id] });
    seedJob(store);
    const scope = { kind: 'job-teams', userId: manager.id } as const;
    expect(store.jobs.list({ status: 'all', scope, limit: 10 }).items.map((job) => job.id)).toEqual([own]);
    expect(store.jobs.list({ status: 'all', scope: all, limit: 10 }).items).toHaveLength(3);
  });

  it('page newest first: every job exactly once, also when dates are equal', () => {
    const { store } = subject;
    const ids = Array.from({ length: 13 }, (_, index) =>
      seedJob(store, { createdAt: `2025-01-0${1 + (index % 3)}T00:00:00Z`, status: index % 4 === 0 ? 'archived' : 'open' }),
    );
    const pages = collectPages((cursor) => store.jobs.list({ status: 'all', scope: all, cursor, limit: 4 }));
    const listed = pages.flat();
    expect(listed).toHaveLength(ids.length);
    expect(new Set(listed.map((job) => job.id))).toEqual(new Set(ids));
    const dates = listed.map((job) => job.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(() => store.jobs.list({ status: 'all', scope: all, cursor: 'AAAA', limit: 4 })).toThrow(
      expect.objectContaining({ code: 'invalid-input', field: 'cursor' }),
    );
  });

  it('change status, and refuse an unknown job or user', () => {
    const { store } = subject;
    const jobId = seedJob(store);
    store.jobs.setStatus(jobId, 'archived', '2025-04-01T00:00:00Z');
    expect(store.jobs.list({ status: 'archived', scope: all, limit: 5 }).items.map((job) => job.id)).toEqual([jobId]);
    store.jobs.setStatus(jobId, 'open', '2025-04-02T00:00:00Z');
    expect(store.jobs.list({ status: 'open', scope: all, limit: 5 }).items.map((job) => job.id)).toEqual([jobId]);
    expect(() => store.jobs.setStatus(randomUUID(), 'open', 'now')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => store.jobs.addTeamMember(jobId, randomUUID())).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('take a team member once', () => {
    const { store } = subject;
    const manager = seedUser(store, 'hiring-manager');
    const jobId = seedJob(store, { team: [manager.id] });
    expect(() => store.jobs.addTeamMember(jobId, manager.id)).not.toThrow();
  });
});
