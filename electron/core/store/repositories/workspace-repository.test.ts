import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createdAt, openTempStore, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

describe('workspace', () => {
  it('is absent before first run, then holds what was created', () => {
    const { workspace } = subject.store;
    expect(workspace.get()).toBeNull();
    const id = randomUUID();
    const created = workspace.create({ id, name: 'Acme GmbH', domains: ['acme.com', 'acme.de'], createdAt });
    expect(created).toEqual({ id, name: 'Acme GmbH', domains: ['acme.com', 'acme.de'], createdAt });
    expect(workspace.get()).toEqual(created);
  });

  it('exists once: a second one is refused with already-set-up', () => {
    const { workspace } = subject.store;
    workspace.create({ id: randomUUID(), name: 'Acme', domains: ['acme.com'], createdAt });
    expect(() => workspace.create({ id: randomUUID(), name: 'Other', domains: ['other.com'], createdAt })).toThrow(
      expect.objectContaining({ code: 'already-set-up' }),
    );
    expect(workspace.get()?.name).toBe('Acme');
  });

  it('is renamed and gets its domains replaced, in the order given', () => {
    const { workspace } = subject.store;
    const { id } = workspace.create({ id: randomUUID(), name: 'Acme', domains: ['acme.com'], createdAt });
    expect(workspace.update(id, { name: 'Acme AG' })).toMatchObject({ name: 'Acme AG', domains: ['acme.com'] });
    expect(workspace.update(id, { domains: ['zeta.de', 'acme.com'] })).toMatchObject({ name: 'Acme AG', domains: ['zeta.de', 'acme.com'] });
    expect(workspace.get()).toMatchObject({ name: 'Acme AG', domains: ['zeta.de', 'acme.com'] });
  });

  it('keeps its domains when an update repeats one', () => {
    const { workspace } = subject.store;
    const { id } = workspace.create({ id: randomUUID(), name: 'Acme', domains: ['acme.com'], createdAt });
    expect(() => workspace.update(id, { name: 'New', domains: ['a.com', 'a.com'] })).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'domains' }),
    );
    expect(workspace.get()).toMatchObject({ name: 'Acme', domains: ['acme.com'] });
  });

  it('refuses an update of an unknown workspace', () => {
    const { workspace } = subject.store;
    workspace.create({ id: randomUUID(), name: 'Acme', domains: ['acme.com'], createdAt });
    expect(() => workspace.update(randomUUID(), { name: 'X' })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
