import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectPages, createdAt, openTempStore, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

describe('users', () => {
  it('are stored and read back with their aliases', () => {
    const { users } = subject.store;
    const id = randomUUID();
    users.insert({ id, name: 'Olivia Owner', email: 'olivia@acme.com', role: 'admin', isOwner: true, createdAt });
    users.addAlias(id, 'jobs.olivia@acme.com');
    users.addAlias(id, 'o@acme.com');
    const expected = { id, name: 'Olivia Owner', email: 'olivia@acme.com', aliases: ['jobs.olivia@acme.com', 'o@acme.com'], role: 'admin', isOwner: true };
    expect(users.get(id)).toEqual(expected);
    expect(users.owner()).toEqual(expected);
    expect(users.get(randomUUID())).toBeNull();
  });

  it('are found by their email or an alias, exactly as given', () => {
    const { users } = subject.store;
    const anna = seedUser(subject.store, 'recruiter', 'Anna');
    users.addAlias(anna.id, 'anna.alias@acme.com');
    expect(users.findByAddress(anna.email)?.id).toBe(anna.id);
    expect(users.findByAddress('anna.alias@acme.com')?.id).toBe(anna.id);
    expect(users.findByAddress('ANNA.ALIAS@acme.com')).toBeNull(); // callers normalise
    expect(users.findByAddress('nobody@acme.com')).toBeNull();
  });

  it('refuse a taken email, a taken alias and a second owner', () => {
    const { users } = subject.store;
    const anna = seedUser(subject.store, 'recruiter', 'Anna');
    expect(() => users.insert({ id: randomUUID(), name: 'B', email: anna.email, role: 'recruiter', isOwner: false, createdAt })).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'email' }),
    );
    users.addAlias(anna.id, 'a@acme.com');
    expect(() => users.addAlias(anna.id, 'a@acme.com')).toThrow(expect.objectContaining({ code: 'conflict', field: 'address' }));
    users.insert({ id: randomUUID(), name: 'O', email: 'o1@acme.com', role: 'admin', isOwner: true, createdAt });
    expect(() => users.insert({ id: randomUUID(), name: 'P', email: 'o2@acme.com', role: 'admin', isOwner: true, createdAt })).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'isOwner' }),
    );
  });

  it('page by name, any case, then id: every user exactly once', () => {
    const { store } = subject;
    const names = ['bert', 'Anna', 'anna', 'Carla', 'Anna', 'Dora', 'eve', 'Frank', 'Anna', 'gus', 'Hanna', 'ida'];
    const inserted = names.map((name) => seedUser(store, 'recruiter', name));
    expect(store.users.count()).toBe(names.length);

    const pages = collectPages((cursor) => store.users.list({ cursor, limit: 5 }));
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    const listed = pages.flat();
    expect(new Set(listed.map((user) => user.id))).toEqual(new Set(inserted.map((user) => user.id)));
    expect(listed).toHaveLength(names.length);
    const sortKey = (user: { name: string; id: string }) => [user.name.toLowerCase(), user.id] as const;
    const sorted = [...listed].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    expect(listed.map((user) => user.id)).toEqual(sorted.map((user) => user.id));
  });

  it('refuse a garbage cursor', () => {
    expect(() => subject.store.users.list({ cursor: 'garbage!', limit: 5 })).toThrow(
      expect.objectContaining({ code: 'invalid-input', field: 'cursor' }),
    );
  });
});
