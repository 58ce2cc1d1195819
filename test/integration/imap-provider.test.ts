import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedCredential, type Credential, type CredentialSource } from '../../electron/core/auth/credentials.js';
import { AppError } from '../../electron/core/errors.js';
import { createDefaultProviders } from '../../electron/core/providers/default-providers.js';
import type { MailboxSettings } from '../../electron/core/providers/mailbox-settings.js';
import type { HeaderPage, MailProvider, MessageHeaders } from '../../electron/core/providers/mail-provider.js';
import { checkImapConnection, createImapProvider, type ImapReader, type ImapSettings } from '../../electron/core/providers/imap/index.js';
import { decodeMessageKey, encodeCursor, encodeMessageKey } from '../../electron/core/providers/imap/imap-keys.js';
import { findFreePorts } from '../support/mail-servers/free-ports.js';
import { buildMessage, defaultMailboxes, startDovecot, startSmtpServer, writeMaildirMessages, type Dovecot, type SmtpServer } from '../support/mail-servers/index.js';
import { describeProviderConformance, rejection, type ConformanceSetup } from './provider-conformance.js';

// The IMAP provider against real Dovecots: the conformance suite on both variants (with
// SPECIAL-USE; without it, Sent named "Gesendete Objekte"), then what only IMAP has.
// One Dovecot per variant for the whole file; the conformance suite uses alice, the
// IMAP-specific cases bob, so neither sees the other's mail.

const alice = 'alice@hirebox.test';
const bob = 'bob@hirebox.test';
const hour = 60 * 60 * 1000;
let withSpecialUse: Dovecot;
let withoutSpecialUse: Dovecot;
const smtpServers = new Map<Dovecot, SmtpServer>();
const refusedRecipient = 'nobody@hirebox.test';

beforeAll(async () => {
  [withSpecialUse, withoutSpecialUse] = await Promise.all([
    startDovecot(),
    startDovecot({
      specialUse: false,
      // No "Sent": the German Outlook name is the only Sent folder, found by the name rule.
      mailboxes: [...defaultMailboxes.filter((mailbox) => mailbox.name !== 'Sent'), { name: 'Gesendete Objekte' }],
    }),
  ]);
  // Sending is part of the provider: SMTP in front of each Dovecot, delivering by LMTP.
  for (const dovecot of [withSpecialUse, withoutSpecialUse]) smtpServers.set(dovecot, await startSmtpServer(dovecot, { refuseRecipients: [refusedRecipient] }));
});

afterAll(async () => {
  await Promise.all([...smtpServers.values()].map((server) => server.close()));
  await Promise.all([withSpecialUse?.stop(), withoutSpecialUse?.stop()]);
});

function settingsFor(dovecot: Dovecot, user: string, changes: Partial<ImapSettings> = {}): ImapSettings {
  const password = dovecot.users.find((known) => known.name === user)?.password ?? '';
  return { host: dovecot.host, port: dovecot.imapPort, security: 'none', user, password, ...changes };
}

/** The whole IMAP/SMTP mailbox as the engine opens it: reading over IMAP, sending over SMTP. */
function mailboxSettingsFor(dovecot: Dovecot, user: string, port?: number): MailboxSettings {
  const smtp = smtpServers.get(dovecot)!;
  return {
    provider: 'imap',
    userName: user,
    imap: { host: dovecot.host, port: port ?? dovecot.imapPort, security: 'none' },
    smtp: { host: smtp.host, port: port ?? smtp.port, security: 'none' },
  };
}

function conformanceSetup(dovecot: () => Dovecot, sent: string, sentRoleSource: 'special-use' | 'name'): () => Promise<ConformanceSetup> {
  return async () => {
    const server = dovecot();
    const [closedPort] = await findFreePorts(1);
    const providers = createDefaultProviders();
    const credential = (kind: 'valid' | 'wrong'): Credential => ({ kind: 'password', password: kind === 'valid' ? settingsFor(server, alice).password : 'wrong-password' });
    const openWith = (credentials: CredentialSource, port?: number) => providers.open(mailboxSettingsFor(server, alice, port), credentials);
    return {
      provider: await openWith(fixedCredential(credential('valid'))),
      openWith: (credentials) => openWith(credentials),
      credential,
      address: alice,
      refusedRecipient,
      async fill(messages) {
        for (const message of messages) {
          writeMaildirMessages(server, alice, message.folder === 'inbox' ? 'INBOX' : sent, [{ raw: message.raw, internalDate: message.receivedAt, flags: message.seen ? 'S' : '' }]);
        }
      },
      open(kind) {
        if (kind === 'wrong-credentials') return openWith(fixedCredential(credential('wrong')));
        if (kind === 'unreachable') return openWith(fixedCredential(credential('valid')), closedPort);
        return openWith(fixedCredential(credential('valid')));
      },
      expectedFolders: { inbox: 'INBOX', sent, sentRoleSource },
      async cleanup() {},
    };
  };
}

describeProviderConformance('IMAP, Dovecot with SPECIAL-USE', conformanceSetup(() => withSpecialUse, 'Sent', 'special-use'));
describeProviderConformance('IMAP, Dovecot without SPECIAL-USE ("Gesendete Objekte")', conformanceSetup(() => withoutSpecialUse, 'Gesendete Objekte', 'name'));

async function collect(pages: AsyncIterable<HeaderPage>): Promise<HeaderPage[]> {
  const all: HeaderPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('IMAP provider: what only IMAP has', () => {
  const now = new Date();
  const ago = (hours: number) => new Date(now.getTime() - hours * hour);
  const providers: ImapReader[] = [];
  const open = (changes: Partial<ImapSettings> = {}, options: Parameters<typeof createImapProvider>[1] = {}) => {
    const provider = createImapProvider(settingsFor(withSpecialUse, bob, changes), options);
    providers.push(provider);
    return provider;
  };
  const raw = (label: string, date: Date, from = 'Anna Berg <anna.berg@example.org>') =>
    buildMessage({ from, to: bob, subject: label, date, messageId: `${label}@imap.test`, body: `Body of ${label}` });
  const fill = (label: string, receivedAt: Date, from?: string) => {
    const source = raw(label, receivedAt, from);
    writeMaildirMessages(withSpecialUse, bob, 'INBOX', [{ raw: source, internalDate: receivedAt }]);
    return source;
  };
  let first: { source: string; receivedAt: Date };

  beforeAll(() => {
    first = { source: fill('paged-1', ago(5)), receivedAt: ago(5) };
    for (const index of [2, 3, 4, 5]) fill(`paged-${index}`, ago(5 - index / 10));
    fill('old-30h', ago(30));
    // Raw 8-bit UTF-8 in a header (RFC 6532), as some clients send it.
    fill('eight-bit', ago(1), 'Jörg Übel <joerg@example.org>');
  });

  afterAll(async () => {
    await Promise.all(providers.map((provider) => provider.close()));
  });

  it('refuses a connection without encryption off loopback before any socket opens', () => {
    expect(() => createImapProvider({ host: 'imap.example.com', port: 143, security: 'none', user: bob, password: 'x' })).toThrow(
      expect.objectContaining({ code: 'invalid-input', field: 'imap.security' }),
    );
  });

  it('checks a connection by logging in and out', async () => {
    await expect(checkImapConnection(settingsFor(withSpecialUse, bob))).resolves.toBeUndefined();
    const refused = await rejection(checkImapConnection(settingsFor(withSpecialUse, bob, { password: 'bob-wrong-password' })));
    expect(refused).toMatchObject({ code: 'auth-required' });
    expect(refused.message).not.toContain('bob-wrong-password');
  });

  it('refuses a server that does not offer STARTTLS when STARTTLS was chosen', async () => {
    // The test Dovecot runs with `ssl = no`, so it never offers STARTTLS: exactly what an
    // attacker who strips the capability would show (DESIGN.md "TLS").
    const refused = await rejection(checkImapConnection(settingsFor(withSpecialUse, bob, { security: 'starttls' })));
    expect(refused).toMatchObject({ code: 'network', retryable: false });
    expect(refused.message).toMatch(/STARTTLS/);
  });

  it('says so when TLS is chosen for a port that does not speak it', async () => {
    const refused = await rejection(checkImapConnection(settingsFor(withSpecialUse, bob, { security: 'tls' })));
    expect(refused).toMatchObject({ code: 'network', retryable: false });
    expect(refused.message).toMatch(/does not speak TLS on this port/);
  });

  it('times out, retryable, on a server that accepts but never greets', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      const refused = await rejection(checkImapConnection(settingsFor(withSpecialUse, bob, { port }), { timeoutMs: 300 }));
      expect(refused).toMatchObject({ code: 'timeout', retryable: true });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('streams pages of pageSize UIDs with total, progress and rising cursors', async () => {
    const pages = await collect(open({}, { pageSize: 2 }).scanHeaders('INBOX', { kind: 'initial-window', now }));
    // The day-granular SEARCH SINCE finds 7 (UIDs in fill order: paged-1..5, old-30h,
    // eight-bit); the exact filter drops old-30h from the third page.
    expect(pages.map((page) => page.headers.length)).toEqual([2, 2, 1, 1]);
    expect(pages.map((page) => page.scanned)).toEqual([2, 4, 6, 7]);
    expect(pages.every((page) => page.total === 7)).toBe(true);
    const lastUids = pages.map((page) => (JSON.parse(page.cursor) as { lastUid: number }).lastUid);
    expect(lastUids).toEqual([...lastUids].sort((left, right) => left - right));
    const uids = pages.flatMap((page) => page.headers.map((headers) => headers.location.uid as number));
    expect(uids).toEqual([...uids].sort((left, right) => left - right));
  });

  it('lets other calls run between pages: the forward peek during a scan', async () => {
    const provider = open({}, { pageSize: 2 });
    const peeked: number[] = [];
    for await (const page of provider.scanHeaders('INBOX', { kind: 'initial-window', now })) {
      for (const headers of page.headers) peeked.push((await provider.peekBody(headers.key, 40)).length);
      // Another folder in between, so the next page must select INBOX again.
      expect(await provider.findByMessageId('Sent', 'nothing-here@imap.test')).toBeNull();
    }
    expect(peeked).toEqual([40, 40, 40, 40, 40, 40]);
  });

  it('reports the exact size, INTERNALDATE and 8-bit names', async () => {
    const headers = (await collect(open().scanHeaders('INBOX', { kind: 'initial-window', now }))).flatMap((page) => page.headers);
    const paged = headers.find((found) => found.messageId === 'paged-1@imap.test') as MessageHeaders;
    expect(paged.size).toBe(Buffer.byteLength(first.source));
    expect(paged.internalDate.getTime()).toBe(Math.floor(first.receivedAt.getTime() / 1000) * 1000);
    expect(headers.find((found) => found.messageId === 'eight-bit@imap.test')?.from).toEqual([{ name: 'Jörg Übel', address: 'joerg@example.org' }]);
  });

  it('backfills since a date, exactly', async () => {
    const headers = (await collect(open().scanHeaders('INBOX', { kind: 'since', since: ago(30.5) }))).flatMap((page) => page.headers);
    expect(headers.map((found) => found.messageId)).toContain('old-30h@imap.test');
    const tighter = (await collect(open().scanHeaders('INBOX', { kind: 'since', since: ago(29.5) }))).flatMap((page) => page.headers);
    expect(tighter.map((found) => found.messageId)).not.toContain('old-30h@imap.test');
  });

  it('starts over with the initial window when UIDVALIDITY changed', async () => {
    const provider = open({}, { now: () => now });
    const pages = await collect(provider.scanHeaders('INBOX', { kind: 'cursor', cursor: encodeCursor({ uidValidity: 1, lastUid: 999 }) }));
    expect(pages.every((page) => page.restarted === 'cursor-expired')).toBe(true);
    expect(pages.flatMap((page) => page.headers).map((found) => found.messageId)).toContain('paged-1@imap.test');
    expect(pages.flatMap((page) => page.headers).map((found) => found.messageId)).not.toContain('old-30h@imap.test');
  });

  it('answers the headers of mail that arrives during the watch, and reads its source on that session (issue 22)', async () => {
    const provider = open({}, { now: () => now });
    const cursor = (await collect(provider.scanHeaders('INBOX', { kind: 'initial-window', now }))).at(-1)!.cursor;
    const waiting = provider.waitForArrivals!('INBOX', cursor, 15_000);
    let source = '';
    setTimeout(() => (source = fill('arrived-on-watch', new Date())), 200);
    const change = await waiting;
    const arrived = typeof change === 'object' ? change.headers : [];
    expect(arrived.map((headers) => headers.messageId)).toEqual(['arrived-on-watch@imap.test']);
    expect((await provider.fetchSource(arrived[0]!.key, 1024 * 1024)).toString('utf8')).toBe(source);
    // The cursor has not moved (the scan moves it): from it, the same mail is answered at once.
    const again = await provider.waitForArrivals!('INBOX', cursor, 15_000);
    expect(typeof again === 'object' ? again.headers.map((headers) => headers.messageId) : again).toEqual(['arrived-on-watch@imap.test']);
    // A cursor of another UIDVALIDITY (the folder was rebuilt): a change for the scan, no headers.
    expect(await provider.waitForArrivals!('INBOX', encodeCursor({ uidValidity: 1, lastUid: 999 }), 15_000)).toBe('changed');
  });

  it('answers not-found for a stale key, a vanished UID and a missing folder', async () => {
    const provider = open();
    const key = await provider.findByMessageId('INBOX', 'paged-1@imap.test');
    const location = decodeMessageKey(key as string);
    expect(await rejection(provider.fetchSource(encodeMessageKey({ ...location, uidValidity: location.uidValidity + 1 }), 100))).toMatchObject({ code: 'not-found' });
    expect(await rejection(provider.peekBody(encodeMessageKey({ ...location, uid: 99_999 }), 100))).toMatchObject({ code: 'not-found' });
    const missing = await rejection(collect(provider.scanHeaders('No Such Folder', { kind: 'initial-window', now })));
    expect(missing).toMatchObject({ code: 'not-found' });
    expect(missing.message).toContain('No Such Folder');
    // The session survives a failed SELECT.
    expect((await provider.listFolders()).length).toBeGreaterThan(0);
  });

  it('fetches several sources at once, each as fetchSource gives it, and not-found for a vanished UID or a stale key', async () => {
    const provider = open();
    const keys = await Promise.all(['paged-2', 'paged-3', 'paged-4'].map(async (label) => (await provider.findByMessageId('INBOX', `${label}@imap.test`)) as string));
    const location = decodeMessageKey(keys[0]!);
    const vanished = encodeMessageKey({ ...location, uid: 99_999 });
    const stale = encodeMessageKey({ ...location, uidValidity: location.uidValidity + 1 });
    const sources = await provider.fetchSources!([...keys, vanished, stale], 1_000_000);
    for (const key of keys) expect((sources.get(key) as Buffer).toString('utf8')).toBe((await provider.fetchSource(key, 1_000_000)).toString('utf8'));
    expect((sources.get(keys[1]!) as Buffer).toString('utf8')).toContain('Body of paged-3');
    expect(sources.get(vanished)).toMatchObject({ code: 'not-found' });
    expect(sources.get(stale)).toMatchObject({ code: 'not-found' });
    // Cut at maxBytes, as fetchSource cuts.
    const cut = await provider.fetchSources!(keys, 40);
    expect([...cut.values()].map((source) => (source as Buffer).length)).toEqual([40, 40, 40]);
  });

  it('reconnects after the server dropped the session', async () => {
    const provider = open();
    expect((await provider.listFolders()).length).toBeGreaterThan(0);
    await withSpecialUse.doveadm(['kick', bob]);
    // The kicked session may still look usable for a moment: the provider finds out when
    // its command fails, and runs the (read-only) command once more on a new session.
    expect((await provider.listFolders()).length).toBeGreaterThan(0);
    const headers = (await collect(provider.scanHeaders('INBOX', { kind: 'initial-window', now }))).flatMap((page) => page.headers);
    expect(headers.length).toBeGreaterThan(0);
  });

  it('aborts a scan between pages with the caller’s reason, and stays usable', async () => {
    const provider = open({}, { pageSize: 1 });
    const controller = new AbortController();
    const seen: HeaderPage[] = [];
    const reason = new Error('user pressed stop');
    const scanning = (async () => {
      for await (const page of provider.scanHeaders('INBOX', { kind: 'initial-window', now }, controller.signal)) {
        seen.push(page);
        controller.abort(reason);
      }
    })();
    await expect(scanning).rejects.toBe(reason);
    expect(seen).toHaveLength(1);
    expect((await provider.listFolders()).length).toBeGreaterThan(0);
  });
});
