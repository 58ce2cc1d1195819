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
    expect(store.preferences.get(user.id)).toEqual({ language: 'system', undoSendSeconds: 10 });
    expect(store.preferences.set(user.id, { language: 'de' })).toEqual({ language: 'de', undoSendSeconds: 10 });
    expect(store.preferences.get(user.id)).toEqual({ language: 'de', undoSendSeconds: 10 });
    store.preferences.set(user.id, { language: 'en' });
    expect(store.preferences.get(user.id)).toEqual({ language: 'en', undoSendSeconds: 10 });
  });

  it('change one at a time: the grace period to undo a send leaves the language as it was', () => {
    const { store } = subject;
    const user = seedUser(store, 'recruiter');
    store.preferences.set(user.id, { language: 'de' });
    expect(store.preferences.set(user.id, { undoSendSeconds: 0 })).toEqual({ language: 'de', undoSendSeconds: 0 });
    expect(store.preferences.get(user.id)).toEqual({ language: 'de', undoSendSeconds: 0 });
  });

  it('are refused for an unknown user', () => {
    expect(() => subject.store.preferences.set(randomUUID(), { language: 'de' })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
