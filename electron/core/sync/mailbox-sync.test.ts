import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OwnAddressBook } from '../domain/own-addresses.js';
import { AppError } from '../errors.js';
import { silentLogger } from '../log/file-logger.js';
import type { HeaderPage, MailProvider, MessageHeaders } from '../providers/mail-provider.js';
import { openTempStore, seedCandidate, seedJob, seedMailbox, seedUser, type TempStore } from '../store/test-support.js';
import { MailboxSync, maxMessageBytes } from './mailbox-sync.js';

// The sync's own decisions, with a provider that only hands out headers and counts what
// is fetched. Real-server behaviour is tested against Dovecot in test/integration.

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

function headers(uid: number, overrides: Partial<MessageHeaders>): MessageHeaders {
  return {
    key: `k${uid}`,
    location: { folder: 'INBOX', uidValidity: 7, uid, providerId: null },
    internalDate: new Date(),
    messageId: `m${uid}@example.org`,
    inReplyTo: [],
    references: [],
    subject: `Mail ${uid}`,
    date: new Date(),
    from: [],
    to: [{ name: '', address: 'olivia@acme.com' }],
    cc: [],
    bcc: [],
    size: 2_000,
    flags: [],
    ...overrides,
  };
}

function providerWith(page: MessageHeaders[], fetched: string[]): MailProvider {
  return {
    kind: 'imap',
    sentCopy: 'client',
    send: () => Promise.reject(new Error('a sync never sends')),
    listFolders: async () => [],
    async *scanHeaders(): AsyncIterable<HeaderPage> {
      yield { headers: page, cursor: 'end', total: page.length };
    },
    fetchSource: async (key) => {
      fetched.push(key);
      return Buffer.from(`Subject: x\r\nMessage-ID: <${key}@example.org>\r\n\r\nHallo`);
    },
    peekBody: async () => Buffer.alloc(0),
    findByMessageId: async () => null,
    append: async () => {
      throw new Error('sync never files mail');
    },
    waitForChange: async () => 'quiet',
    close: async () => {},
  };
}

describe('MailboxSync', () => {
  it('lists an oversized message by its headers without fetching it, and fetches only linked mail', async () => {
    const { store } = subject;
    const owner = seedUser(store, 'admin');
    const job = seedJob(store);
    seedCandidate(store, { name: 'Anna', addresses: ['anna@example.org'], jobIds: [job] });
    const mailboxId = seedMailbox(store, { ownerUserId: owner.id });
    store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'provider', scanned: true });
    const fetched: string[] = [];
    const page = [
      headers(1, { from: [{ name: 'Anna', address: 'anna@example.org' }], size: maxMessageBytes + 1, subject: 'Huge portfolio' }),
      headers(2, { from: [{ name: 'Anna', address: 'anna@example.org' }], subject: 'Small' }),
      headers(3, { from: [{ name: 'Stranger', address: 'someone@example.net' }] }),
    ];
    const sync = new MailboxSync({
      store,
      provider: providerWith(page, fetched),
      mailboxId,
      dataFolder: subject.folder,
      logger: silentLogger,
      ownAddresses: () => new OwnAddressBook([{ address: 'olivia@acme.com', belongsTo: 'the owner' }]),
      onStatus: () => {},
    });
    const summary = await sync.run();
    expect(fetched).toEqual(['k2']);
    expect(summary).toMatchObject({ headersScanned: 3, messagesStored: 2, bodiesFetched: 1 });
    const subjects = store.threads.list({ scope: { kind: 'all' }, viewerUserId: owner.id, limit: 10 }).items.map((thread) => thread.subject).sort();
    expect(subjects).toEqual(['Huge portfolio', 'Small']);
  });
});

describe('MailboxSync identity', () => {
  it('stores other mail that reuses a Message-ID, and only a location for the same mail seen again', async () => {
    const { store } = subject;
    const owner = seedUser(store, 'admin');
    const job = seedJob(store);
    seedCandidate(store, { name: 'Anna', addresses: ['anna@example.org'], jobIds: [job] });
    const mailboxId = seedMailbox(store, { ownerUserId: owner.id });
    store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'provider', scanned: true });
    const anna = [{ name: 'Anna', address: 'anna@example.org' }];
    const page = [
      headers(1, { from: anna, messageId: 'reused@example.org', subject: 'First application' }),
      headers(2, { from: anna, messageId: 'reused@example.org', subject: 'Second application' }),
      headers(3, { from: anna, messageId: 'reused@example.org', subject: 'First application' }),
    ];
    const fetched: string[] = [];
    const provider = providerWith(page, fetched);
    provider.fetchSource = async (key) => {
      fetched.push(key);
      return Buffer.from(`Subject: ${key === 'k2' ? 'Second application' : 'First application'}\r\nMessage-ID: <reused@example.org>\r\n\r\nHallo ${key === 'k2' ? 2 : 1}`);
    };
    const sync = new MailboxSync({
      store,
      provider,
      mailboxId,
      dataFolder: subject.folder,
      logger: silentLogger,
      ownAddresses: () => new OwnAddressBook([{ address: 'olivia@acme.com', belongsTo: 'the owner' }]),
      onStatus: () => {},
    });
    const summary = await sync.run();
    // Two mails stored; the third is the first one again, in a second place.
    expect(summary.messagesStored).toBe(2);
    expect(summary.locationsAdded).toBe(3);
    const subjects = store.threads.list({ scope: { kind: 'all' }, viewerUserId: owner.id, limit: 10 }).items.map((thread) => thread.subject);
    expect(subjects).toEqual(['First application']);
    expect(store.messages.findByDedupeKey('mid:reused@example.org')?.subject).toBe('First application');
  });
});

describe('MailboxSync, new mail from the watch (issue 22)', () => {
  it('stores candidate mail at once and tells of it once; the run after stores nothing twice and links the reply it left', async () => {
    const { store } = subject;
    const owner = seedUser(store, 'admin');
    const job = seedJob(store);
    seedCandidate(store, { name: 'Anna', addresses: ['anna@example.org'], jobIds: [job] });
    const mailboxId = seedMailbox(store, { ownerUserId: owner.id });
    const inbox = store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'provider', scanned: true });
    store.folders.saveCursor(inbox.id, { uidValidity: 7, cursor: 'before' });
    const anna = [{ name: 'Anna', address: 'anna@example.org' }];
    const stranger = [{ name: 'Hans', address: 'hans@example.net' }];
    // Mail 2 answers mail 1 from a stranger: it links only through mail 1 (reply-chain).
    // Mail 3 answers mail that is not stored yet (say, in Sent): it must wait for the run.
    const arrived = [
      headers(1, { from: anna, subject: 'Application' }),
      headers(2, { from: stranger, subject: 'Re: Application', inReplyTo: ['m1@example.org'], references: ['m1@example.org'] }),
      headers(3, { from: stranger, subject: 'Re: Our offer', inReplyTo: ['offer@example.org'], references: ['offer@example.org'] }),
    ];
    const offer = headers(4, { from: [{ name: 'Olivia', address: 'olivia@acme.com' }], to: anna, messageId: 'offer@example.org', subject: 'Our offer', location: { folder: 'Sent', uidValidity: 9, uid: 4, providerId: null }, key: 'k4' });
    const fetched: string[] = [];
    const notices: string[] = [];
    const provider = providerWith(arrived, fetched);
    store.folders.upsert(mailboxId, { path: 'Sent', name: 'Sent', role: 'sent', roleSource: 'provider', scanned: true });
    provider.scanHeaders = async function* (folder): AsyncIterable<HeaderPage> {
      yield folder === 'Sent' ? { headers: [offer], cursor: 'sent-end', uidValidity: 9, total: 1 } : { headers: arrived, cursor: 'end', uidValidity: 7, total: 3 };
    };
    const sync = new MailboxSync({
      store,
      provider,
      mailboxId,
      dataFolder: subject.folder,
      logger: silentLogger,
      ownAddresses: () => new OwnAddressBook([{ address: 'olivia@acme.com', belongsTo: 'the owner' }]),
      onStatus: () => {},
      onStored: (_threadIds, arrivals) => notices.push(...arrivals.map((notice) => notice.subject)),
    });

    const early = await sync.storeArrivals('INBOX', arrived);
    expect(early.messagesStored).toBe(2);
    expect(fetched.sort()).toEqual(['k1', 'k2']);
    // The cursor stays for the run after.
    expect(store.folders.list(mailboxId).find((folder) => folder.path === 'INBOX')?.cursor).toBe('before');

    const after = await sync.run();
    // The offer (Sent) and the reply it left; mails 1 and 2 neither fetched nor stored again.
    expect(after.messagesStored).toBe(2);
    expect(fetched.sort()).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(notices.filter((subjectLine) => subjectLine === 'Application')).toHaveLength(1);
    expect(store.messages.findByDedupeKey('mid:m3@example.org')).not.toBeNull();
  });
});

describe('MailboxSync on a big page', () => {
  it('stores every candidate mail of a page of hundreds, links a reply to earlier mail of the page, and fetches each once', async () => {
    const { store } = subject;
    const owner = seedUser(store, 'admin');
    const job = seedJob(store);
    seedCandidate(store, { name: 'Anna', addresses: ['anna@example.org'], jobIds: [job] });
    const mailboxId = seedMailbox(store, { ownerUserId: owner.id });
    store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'provider', scanned: true });
    const anna = [{ name: 'Anna', address: 'anna@example.org' }];
    const stranger = [{ name: 'Stranger', address: 'someone@example.net' }];
    // 330 headers: Anna's 101 mails spread over the page (more than one decision chunk and
    // more than one write batch), the rest strangers'; a stranger's reply near the end
    // answers Anna's first mail.
    const annaUids = new Set([5, ...Array.from({ length: 100 }, (_, index) => 100 + index * 2)]);
    const page = Array.from({ length: 330 }, (_, index) => {
      const uid = index + 1;
      if (uid === 320) return headers(uid, { from: stranger, subject: 'Re: Mail 5', inReplyTo: ['m5@example.org'], references: ['m5@example.org'] });
      return headers(uid, { from: annaUids.has(uid) ? anna : stranger });
    });
    const fetched: string[] = [];
    const sync = new MailboxSync({
      store,
      provider: providerWith(page, fetched),
      mailboxId,
      dataFolder: subject.folder,
      logger: silentLogger,
      ownAddresses: () => new OwnAddressBook([{ address: 'olivia@acme.com', belongsTo: 'the owner' }]),
      onStatus: () => {},
    });
    const summary = await sync.run();
    const expected = [...annaUids, 320].sort((a, b) => a - b).map((uid) => `k${uid}`);
    expect([...fetched].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(expected);
    expect(summary).toMatchObject({ headersScanned: 330, messagesStored: 102, bodiesFetched: 102, locationsAdded: 102 });
    const reply = store.messages.findByDedupeKey('mid:m320@example.org');
    expect(reply?.threadId).toBe(store.messages.findByDedupeKey('mid:m5@example.org')?.threadId);
  });
});

describe('MailboxSync with a provider that fetches several sources at once', () => {
  it("fetches a page's matches in few requests, passes over one gone from the server, and stores the rest", async () => {
    const { store } = subject;
    const owner = seedUser(store, 'admin');
    const job = seedJob(store);
    seedCandidate(store, { name: 'Anna', addresses: ['anna@example.org'], jobIds: [job] });
    const mailboxId = seedMailbox(store, { ownerUserId: owner.id });
    store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'provider', scanned: true });
    const anna = [{ name: 'Anna', address: 'anna@example.org' }];
    const page = Array.from({ length: 60 }, (_, index) => headers(index + 1, { from: anna }));
    const fetched: string[] = [];
    const provider = providerWith(page, fetched);
    const requests: string[][] = [];
    provider.fetchSources = async (keys) => {
      requests.push([...keys]);
      // k7 was expunged between the scan and the fetch.
      return new Map(keys.map((key) => [key, key === 'k7' ? new AppError('not-found', 'The message is no longer in INBOX.') : Buffer.from(`Subject: x\r\nMessage-ID: <${key}@example.org>\r\n\r\nHallo`)]));
    };
    const sync = new MailboxSync({
      store,
      provider,
      mailboxId,
      dataFolder: subject.folder,
      logger: silentLogger,
      ownAddresses: () => new OwnAddressBook([{ address: 'olivia@acme.com', belongsTo: 'the owner' }]),
      onStatus: () => {},
    });
    const summary = await sync.run();
    expect(requests.flat().sort()).toEqual(page.map((message) => message.key).sort());
    expect(requests.length).toBe(2);
    expect(fetched).toEqual([]);
    expect(summary).toMatchObject({ headersScanned: 60, messagesStored: 59, skipped: 1 });
    expect(store.messages.findByDedupeKey('mid:m7@example.org')).toBeNull();
    expect(store.messages.findByDedupeKey('mid:m8@example.org')).not.toBeNull();
  });
});
