import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../../../shared/model.js';
import { collectPages, createdAt, openTempStore, seedCandidate, seedJob, seedMailbox, seedThread, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

const all = { kind: 'all' } as const;

describe('candidates', () => {
  it('are summarised with primary address, synced (R7) and internal (R5)', () => {
    const { store } = subject;
    const open = seedJob(store);
    const archived = seedJob(store, { status: 'archived' });
    const id = randomUUID();
    store.candidates.insert({
      id,
      name: 'Anna Albers',
      createdAt,
      addresses: [
        { address: 'anna.private@example.org', isPrimary: false, internal: false },
        { address: 'anna@acme.com', isPrimary: true, internal: true },
      ],
    });
    store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId: archived, stage: 'hired', createdAt });
    expect(store.candidates.get(id)).toEqual({
      id,
      name: 'Anna Albers',
      primaryEmail: 'anna@acme.com',
      synced: false,
      internal: true,
      createdAt,
    });
    store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId: open, stage: 'applied', createdAt });
    expect(store.candidates.get(id)?.synced).toBe(true);
  });

  it('need exactly one primary address, not used by another candidate', () => {
    const { store } = subject;
    const insert = (addresses: { address: string; isPrimary: boolean }[]) =>
      store.candidates.insert({ id: randomUUID(), name: 'X', createdAt, addresses: addresses.map((a) => ({ ...a, internal: false })) });
    expect(() => insert([])).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'addresses' }));
    expect(() => insert([{ address: 'a@x.org', isPrimary: true }, { address: 'b@x.org', isPrimary: true }])).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    insert([{ address: 'a@x.org', isPrimary: true }]);
    expect(() => insert([{ address: 'c@x.org', isPrimary: true }, { address: 'a@x.org', isPrimary: false }])).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'addresses' }),
    );
    // The refused candidate left nothing behind.
    expect(store.candidates.list({ scope: all, limit: 10 }).items).toHaveLength(1);
    expect(store.candidates.list({ scope: all, query: 'c@x.org', limit: 10 }).items).toEqual([]);
  });

  it('apply to a job once', () => {
    const { store } = subject;
    const jobId = seedJob(store);
    const candidateId = seedCandidate(store, { jobIds: [jobId] });
    expect(() => store.candidates.addApplication({ id: randomUUID(), candidateId, jobId, stage: 'applied', createdAt })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => store.candidates.addApplication({ id: randomUUID(), candidateId, jobId: randomUUID(), stage: 'applied', createdAt })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('are seen by a hiring manager only through the jobs whose team they are on', () => {
    const { store } = subject;
    const manager = seedUser(store, 'hiring-manager');
    const teamJob = seedJob(store, { team: [manager.id] });
    const otherJob = seedJob(store);
    const archivedTeamJob = seedJob(store, { status: 'archived', team: [manager.id] });
    const mine = seedCandidate(store, { name: 'Mine', jobIds: [teamJob] });
    const both = seedCandidate(store, { name: 'Both', jobIds: [otherJob, teamJob] });
    const old = seedCandidate(store, { name: 'Old', jobIds: [archivedTeamJob] });
    seedCandidate(store, { name: 'Other', jobIds: [otherJob] });
    seedCandidate(store, { name: 'Nowhere' });

    const scope = { kind: 'job-teams', userId: manager.id } as const;
    expect(store.candidates.list({ scope, limit: 10 }).items.map((c) => c.id)).toEqual([both, mine, old]);
    expect(store.candidates.list({ scope: all, limit: 10 }).items.map((c) => c.name)).toEqual(['Both', 'Mine', 'Nowhere', 'Old', 'Other']);
    const stranger = { kind: 'job-teams', userId: randomUUID() } as const;
    expect(store.candidates.list({ scope: stranger, limit: 10 }).items).toEqual([]);
  });

  it('match a query in the name or any address, in any case', () => {
    const { store } = subject;
    const oezil = seedCandidate(store, { name: 'Ömer Özil', addresses: ['oe@example.org'] });
    const anna = seedCandidate(store, { name: 'Anna Berg', addresses: ['anna@example.org', 'a.berg@private.example'] });
    seedCandidate(store, { name: 'Carl Dahl', addresses: ['carl@example.org'] });
    const query = (text: string) => store.candidates.list({ scope: all, query: text, limit: 10 }).items.map((c) => c.id);
    expect(query('ÖZIL')).toEqual([oezil]);
    expect(query('nna b')).toEqual([anna]);
    expect(query('PRIVATE.example')).toEqual([anna]);
    expect(query('  ')).toHaveLength(3);
    expect(query('%')).toEqual([]);
    expect(query('zzz')).toEqual([]);
  });

  it('page by name then id: every candidate exactly once, with the query and scope applied', () => {
    const { store } = subject;
    const manager = seedUser(store, 'hiring-manager');
    const teamJob = seedJob(store, { team: [manager.id] });
    const ids: string[] = [];
    for (let index = 0; index < 17; index += 1) {
      const name = ['anna', 'Anna', 'Bert', 'bert', 'Cem'][index % 5]!;
      ids.push(seedCandidate(store, { name, jobIds: index % 2 === 0 ? [teamJob] : [] }));
    }
    const scope = { kind: 'job-teams', userId: manager.id } as const;
    const pages = collectPages((cursor) => store.candidates.list({ scope, cursor, limit: 3 }));
    const listed = pages.flat().map((c) => c.id);
    expect(listed).toHaveLength(9);
    expect(new Set(listed)).toEqual(new Set(ids.filter((_id, index) => index % 2 === 0)));

    const everyone = collectPages((cursor) => store.candidates.list({ scope: all, cursor, limit: 4 })).flat();
    expect(everyone.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(everyone.map((c) => c.name.toLowerCase())).toEqual(everyone.map((c) => c.name.toLowerCase()).sort());

    const berts = collectPages((cursor) => store.candidates.list({ scope: all, query: 'bert', cursor, limit: 2 })).flat();
    expect(berts).toHaveLength(6);
    expect(() => store.candidates.list({ scope: all, cursor: encodeURIComponent('{}'), limit: 2 })).toThrow(
      expect.objectContaining({ code: 'invalid-input', field: 'cursor' }),
    );
  });

  it('sort by last contact and stage, filter by job and stage, and page each order exactly once', () => {
    const { store } = subject;
    const manager = seedUser(store, 'hiring-manager');
    const teamJob = seedJob(store, { title: 'Team job', team: [manager.id] });
    const otherJob = seedJob(store, { title: 'Other job' });
    const mailboxId = seedMailbox(store, { kind: 'shared' });
    const ids: Record<string, string> = {};
    const people: [string, Stage | null, string | null][] = [
      ['Anna', 'interview', '2025-03-04T10:00:00Z'],
      ['Bert', 'applied', '2025-03-09T10:00:00Z'],
      ['Cem', 'rejected', null],
      ['Dora', 'hired', '2025-03-01T10:00:00Z'],
      ['Emil', null, '2025-03-07T10:00:00Z'],
      ['Fay', 'interview', null],
    ];
    for (const [name, stage, lastMail] of people) {
      const id = seedCandidate(store, { name });
      ids[name] = id;
      if (stage !== null) {
        store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId: teamJob, stage, createdAt });
      }
      if (lastMail !== null) {
        seedThread(store, mailboxId, [
          { date: '2025-02-01T10:00:00Z', links: [{ candidateId: id }] },
          { date: lastMail, links: [{ candidateId: id }] },
        ]);
      }
    }
    // Emil is in the other job only, at a later stage than anyone in the team job.
    store.candidates.addApplication({ id: randomUUID(), candidateId: ids.Emil!, jobId: otherJob, stage: 'offer', createdAt });
    const names = (options: Partial<Parameters<typeof store.candidates.list>[0]>, limit = 2) =>
      collectPages((cursor) => store.candidates.list({ scope: all, limit, ...options, cursor })).flat().map((c) => c.name);

    // Newest contact first by default; no mail last in either direction.
    expect(names({ sort: 'last-contact' })).toEqual(['Bert', 'Emil', 'Anna', 'Dora', 'Cem', 'Fay']);
    expect(names({ sort: 'last-contact', direction: 'asc' })).toEqual(['Dora', 'Anna', 'Emil', 'Bert', 'Cem', 'Fay']);
    const anna = store.candidates.list({ scope: all, query: 'anna', limit: 1 }).items[0];
    expect(anna?.lastContactAt).toBe('2025-03-04T10:00:00Z');
    expect(anna?.applications).toEqual([{ jobId: teamJob, jobTitle: 'Team job', jobStatus: 'open', stage: 'interview' }]);
    expect(store.candidates.list({ scope: all, query: 'fay', limit: 1 }).items[0]?.lastContactAt).toBeNull();
    // Pipeline order; rejected after hired; ties by name.
    expect(names({ sort: 'stage' })).toEqual(['Bert', 'Anna', 'Fay', 'Emil', 'Dora', 'Cem']);
    expect(names({ sort: 'stage', direction: 'desc' }, 4)).toEqual(['Cem', 'Dora', 'Emil', 'Anna', 'Fay', 'Bert']);
    expect(names({ sort: 'name', direction: 'desc' }, 4)).toEqual(['Fay', 'Emil', 'Dora', 'Cem', 'Bert', 'Anna']);
    // Filters.
    expect(names({ jobId: teamJob })).toEqual(['Anna', 'Bert', 'Cem', 'Dora', 'Fay']);
    expect(names({ stage: 'interview' })).toEqual(['Anna', 'Fay']);
    expect(names({ jobId: otherJob, stage: 'offer' })).toEqual(['Emil']);
    expect(names({ jobId: teamJob, stage: 'offer' })).toEqual([]);
    // A hiring manager sees neither the other job's candidates nor that application.
    const scope = { kind: 'job-teams', userId: manager.id } as const;
    expect(collectPages((cursor) => store.candidates.list({ scope, limit: 10, cursor, jobId: otherJob })).flat()).toEqual([]);
    const emilSeen = collectPages((cursor) => store.candidates.list({ scope, limit: 10, cursor, sort: 'stage' })).flat();
    expect(emilSeen.map((c) => c.name)).toEqual(['Bert', 'Anna', 'Fay', 'Dora', 'Cem']);
    // A cursor of one order is refused by another.
    const cursor = store.candidates.list({ scope: all, limit: 2, sort: 'stage' }).nextCursor ?? '';
    expect(() => store.candidates.list({ scope: all, limit: 2, cursor, sort: 'last-contact' })).toThrow(expect.objectContaining({ code: 'invalid-input', field: 'cursor' }));
  });

  it('give matching their facts by exact address: synced (R7) and every address with its R5 flag', () => {
    const { store } = subject;
    const open = seedJob(store);
    const archived = seedJob(store, { status: 'archived' });
    const id = randomUUID();
    store.candidates.insert({
      id,
      name: 'Anna',
      createdAt,
      addresses: [
        { address: 'anna@example.org', isPrimary: true, internal: false },
        { address: 'anna@acme.com', isPrimary: false, internal: true },
      ],
    });
    store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId: archived, stage: 'hired', createdAt });
    const facts = { id, synced: false, addresses: [{ address: 'anna@example.org', internal: false }, { address: 'anna@acme.com', internal: true }] };
    expect(store.candidates.matchFacts('anna@acme.com')).toEqual([facts]);
    expect(store.candidates.matchFacts('anna+jobs@example.org')).toEqual([]);
    expect(store.candidates.matchFacts('ANNA@example.org')).toEqual([]);
    store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId: open, stage: 'applied', createdAt });
    expect(store.candidates.matchFacts('anna@example.org')).toEqual([{ ...facts, synced: true }]);

    const bert = seedCandidate(store, { addresses: ['bert@example.org'] });
    expect(store.candidates.matchFactsOf([bert, randomUUID(), bert]).map((candidate) => candidate.id)).toEqual([bert]);
    expect(store.candidates.matchFactsOf([])).toEqual([]);
  });
});
