import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { MailboxStatus } from '../../../shared/status.js';
import { formatListDate } from '../format.js';
import { de } from './de.js';
import { en } from './en.js';
import { describeMailboxAdvice, describeMailboxStatus, mailboxStatusActions } from './mailbox-status-text.js';

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
  { state: 'server-unreachable', cause: 'refused' },
  { state: 'server-unreachable', cause: 'timed-out' },
  { state: 'server-unreachable', cause: 'host-not-found' },
  { state: 'server-unreachable', cause: 'host-unreachable' },
  { state: 'server-unreachable', cause: 'connection-lost' },
  { state: 'server-unreachable', cause: 'unavailable' },
  { state: 'tls-problem', problem: 'certificate-untrusted' },
  { state: 'tls-problem', problem: 'certificate-changed' },
  { state: 'tls-problem', problem: 'certificate-invalid' },
  { state: 'tls-problem', problem: 'handshake' },
  { state: 'rate-limited' },
  { state: 'auth-required', kind: 'password-rejected' },
  { state: 'auth-required', kind: 'token-expired' },
  { state: 'auth-required', kind: 'token-revoked' },
  { state: 'auth-required', kind: 'consent-missing' },
  { state: 'error', code: 'network', message: 'ECONNREFUSED' },
  { state: 'error', code: 'disk-full', message: 'x' },
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
    // Before the count is known the engine may say 0 of 0: no count then, rather than a wrong one.
    expect(describeMailboxStatus({ state: 'syncing', phase: 'initial-window', done: 0, total: 0 }, t, 'en')).toBe('Syncing recent mail');
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

// A time of today: the next try shows as HH:MM.
const today = new Date();
today.setHours(14, 5, 0, 0);
const nextTry = today.toISOString();
// ICU versions differ in the space before PM; the clock time itself is what counts.
const at = { en: formatListDate(nextTry, 'en'), de: formatListDate(nextTry, 'de') };

describe('the reason sync waits, and what to do', () => {
  it('tells a stopped server from this computer being offline, in English', async () => {
    const t = await translator('en');
    expect(at.en).toMatch(/^2:05\sPM$/u);
    expect(describeMailboxStatus({ state: 'offline', retryAt: nextTry }, t, 'en')).toBe(`Offline — this computer has no network. Next try ${at.en}.`);
    expect(describeMailboxStatus({ state: 'server-unreachable', cause: 'refused', retryAt: nextTry }, t, 'en')).toBe(
      `Mail server unreachable: it refuses connections (stopped, or a wrong server name or port). Next try ${at.en}.`,
    );
    expect(describeMailboxStatus({ state: 'tls-problem', problem: 'certificate-changed' }, t, 'en')).toBe('Secure connection refused: the server’s certificate changed since you trusted it.');
    expect(describeMailboxStatus({ state: 'rate-limited', retryAt: nextTry }, t, 'en')).toBe(`Slowed down by the provider. Next try ${at.en}, as the provider asked.`);
  });

  it('says the same in German', async () => {
    const t = await translator('de');
    expect(at.de).toBe('14:05');
    expect(describeMailboxStatus({ state: 'offline', retryAt: nextTry }, t, 'de')).toBe(`Offline – dieser Computer hat kein Netzwerk. Nächster Versuch: ${at.de}.`);
    expect(describeMailboxStatus({ state: 'server-unreachable', cause: 'timed-out' }, t, 'de')).toBe('E-Mail-Server nicht erreichbar: Er antwortet nicht.');
    expect(describeMailboxStatus({ state: 'tls-problem', problem: 'certificate-untrusted' }, t, 'de')).toBe('Sichere Verbindung abgelehnt: Dem Zertifikat des Servers wird nicht vertraut.');
    expect(describeMailboxStatus({ state: 'rate-limited', retryAt: nextTry }, t, 'de')).toBe(`Vom Anbieter gebremst. Nächster Versuch: ${at.de}, wie vom Anbieter verlangt.`);
    expect(describeMailboxStatus({ state: 'error', code: 'auth-expired', message: '', retryAt: nextTry }, t, 'de')).toBe(
      `Angehalten: Die Anmeldung ist abgelaufen; Hirebox erneuert sie. Nächster Versuch: ${at.de}.`,
    );
  });

  it('offers the action that fits the reason', async () => {
    const t = await translator('en');
    expect(mailboxStatusActions({ state: 'offline' })).toEqual(['retry-now']);
    expect(describeMailboxAdvice({ state: 'offline' }, t)).toMatch(/Wi-Fi or network cable/);
    expect(mailboxStatusActions({ state: 'server-unreachable', cause: 'refused' })).toEqual(['retry-now', 'connection-test']);
    expect(mailboxStatusActions({ state: 'tls-problem', problem: 'certificate-untrusted' })).toContain('connection-test');
    expect(describeMailboxAdvice({ state: 'tls-problem', problem: 'certificate-untrusted' }, t)).toMatch(/trust it there/);
    expect(describeMailboxAdvice({ state: 'tls-problem', problem: 'handshake' }, t)).toMatch(/port and security/);
    // Trying sooner only prolongs a rate limit; a refused password is not tried again unasked.
    expect(mailboxStatusActions({ state: 'rate-limited', retryAt: nextTry })).toEqual([]);
    expect(mailboxStatusActions({ state: 'auth-required', kind: 'password-rejected' })).toEqual([]);
    expect(describeMailboxAdvice({ state: 'auth-required', kind: 'password-rejected' }, t)).toMatch(/Try again/);
    expect(describeMailboxAdvice({ state: 'up-to-date' }, t)).toBeNull();
  });

  it('gives every piece of advice in German too', async () => {
    const t = await translator('de');
    const advised: MailboxStatus[] = [
      { state: 'offline' },
      { state: 'server-unreachable', cause: 'refused' },
      { state: 'tls-problem', problem: 'certificate-untrusted' },
      { state: 'tls-problem', problem: 'handshake' },
      { state: 'rate-limited' },
      { state: 'auth-required', kind: 'password-rejected' },
      { state: 'error', code: 'disk-full', message: 'x', retryAt: '2026-12-07T20:42:00.000Z' },
    ];
    const texts = advised.map((status) => describeMailboxAdvice(status, t));
    expect(new Set(texts).size).toBe(texts.length);
    for (const text of texts) expect(text).not.toMatch(/mailboxStatus\.|\{\{|Check|Open/);
    expect(describeMailboxAdvice({ state: 'offline' }, t)).toMatch(/WLAN oder Netzwerkkabel/);
  });

  it('says a full disk is why sync waits, when it tries again, and what to do (issue 23, disk-full)', async () => {
    const status: MailboxStatus = { state: 'error', code: 'disk-full', message: 'the disk is full', retryAt: '2026-12-07T20:42:00.000Z' };
    const en = await translator('en');
    expect(describeMailboxStatus(status, en, 'en')).toMatch(/^Stopped: the disk that holds Hirebox’s data is full\. Next try /);
    expect(describeMailboxAdvice(status, en)).toMatch(/Free some space/);
    expect(mailboxStatusActions(status)).toEqual(['retry-now']);
    const de = await translator('de');
    expect(describeMailboxStatus(status, de, 'de')).toMatch(/^Angehalten: Der Datenträger mit den Daten von Hirebox ist voll\./);
    expect(describeMailboxAdvice(status, de)).toMatch(/Speicherplatz frei/);
    expect(describeMailboxAdvice({ state: 'error', code: 'network', message: 'x' }, en)).toBeNull();
  });
});
