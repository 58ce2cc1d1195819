import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { MailboxStatus } from '../../../shared/status.js';
import { de } from './de.js';
import { en } from './en.js';
import { describeMailboxStatus } from './mailbox-status-text.js';

async function translator(language: 'en' | 'de') {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
  return instance.t;
}

const statuses: MailboxStatus[] = [
  { state: 'connecting' },
  { state: 'syncing', phase: 'initial-window', done: 0 },
  { state: 'syncing', phase: 'changes', done: 12 },
  { state: 'syncing', phase: 'backfill', done: 120, total: 480 },
  { state: 'up-to-date' },
  { state: 'paused' },
  { state: 'offline' },
  { state: 'auth-required', kind: 'password-rejected' },
  { state: 'auth-required', kind: 'token-expired' },
  { state: 'auth-required', kind: 'token-revoked' },
  { state: 'auth-required', kind: 'consent-missing' },
  { state: 'error', code: 'network', message: 'ECONNREFUSED' },
  { state: 'error', code: 'something-new', message: 'x' },
];

describe('mailbox status in words', () => {
  it('describes every state in both languages, differently per state and without raw keys', async () => {
    for (const language of ['en', 'de'] as const) {
      const t = await translator(language);
      const texts = statuses.map((status) => describeMailboxStatus(status, t, language));
      expect(new Set(texts).size).toBe(texts.length);
      for (const text of texts) expect(text).not.toMatch(/mailboxStatus\.|\{\{/);
    }
  });

  it('shows sync progress with its phase', async () => {
    const t = await translator('en');
    expect(describeMailboxStatus({ state: 'syncing', phase: 'backfill', done: 120, total: 480 }, t, 'en')).toBe(
      'Syncing older mail: 120 of 480',
    );
  });

  it('blames the mail server, not Hirebox, for a network error during sync', async () => {
    const t = await translator('en');
    const text = describeMailboxStatus({ state: 'error', code: 'network', message: '' }, t, 'en');
    expect(text).toMatch(/mail server can’t be reached/);
    expect(text).not.toMatch(/Hirebox can’t be reached/);
  });

  it('never shows the engine’s English message to a German user', async () => {
    const t = await translator('de');
    const text = describeMailboxStatus({ state: 'error', code: 'internal', message: 'SQLITE_BUSY' }, t, 'de');
    expect(text).toBe('Angehalten: Beim Synchronisieren ist ein Problem aufgetreten.');
  });
});
