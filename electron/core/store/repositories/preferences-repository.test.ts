import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, seedUser, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

describe('preferences', () => {
  it('default to the system language until set', () => {
    const { store } = subject;
    const user = seedUser(store, 'recruiter');
    expect(store.preferences.get(user.id)).toEqual({ language: 'system', undoSendSeconds: 10, newMailNotifications: 'all' });
    expect(store.preferences.set(user.id, { language: 'de' })).toEqual({ language: 'de', undoSendSeconds: 10, newMailNotifications: 'all' });
    expect(store.preferences.get(user.id)).toEqual({ language: 'de', undoSendSeconds: 10, newMailNotifications: 'all' });
    store.preferences.set(user.id, { language: 'en' });
    expect(store.preferences.get(user.id)).toEqual({ language: 'en', undoSendSeconds: 10, newMailNotifications: 'all' });
  });

  it('change one at a time: the grace period to undo a send leaves the language as it was', () => {
    const { store } = subject;
    const user = seedUser(store, 'recruiter');
    store.preferences.set(user.id, { language: 'de' });
    expect(store.preferences.set(user.id, { undoSendSeconds: 0 })).toEqual({ language: 'de', undoSendSeconds: 0, newMailNotifications: 'all' });
    expect(store.preferences.get(user.id)).toEqual({ language: 'de', undoSendSeconds: 0, newMailNotifications: 'all' });
  });

  it('keep the choice of new-mail notifications per user', () => {
    const { store } = subject;
    const first = seedUser(store, 'recruiter');
    const second = seedUser(store, 'hiring-manager');
    expect(store.preferences.set(first.id, { newMailNotifications: 'my-jobs' })).toMatchObject({ newMailNotifications: 'my-jobs', undoSendSeconds: 10 });
    store.preferences.set(second.id, { newMailNotifications: 'off' });
    expect(store.preferences.get(first.id).newMailNotifications).toBe('my-jobs');
    expect(store.preferences.get(second.id).newMailNotifications).toBe('off');
  });

  it('are refused for an unknown user', () => {
    expect(() => subject.store.preferences.set(randomUUID(), { language: 'de' })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
