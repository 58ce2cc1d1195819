import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential, CredentialSource } from '../../electron/core/auth/credentials.js';
import { AppError } from '../../electron/core/errors.js';
import type { HeaderPage, MailProvider, MessageHeaders, ProviderFolder, ScanStart } from '../../electron/core/providers/mail-provider.js';
import { buildMessage, type MessageInput } from '../support/mail-servers/index.js';

// The conformance suite of docs/providers.md: every MailProvider (IMAP against Dovecot,
// Gmail against its local API server, Graph against its own) runs through these same cases. It
// knows nothing of the provider: the setup fills the account and opens providers. Where
// providers differ by design, a case asks the provider (`sentCopy`) or the setup
// (`refusedRecipient`) which behaviour to hold it to; no case is skipped.

/** One message the setup puts into the account. */
export interface FillMessage {
  folder: 'inbox' | 'sent';
  /** The RFC 5322 source, CRLF line ends, as `buildMessage` writes it. */
  raw: string;
  /** When the server received it: IMAP INTERNALDATE, Gmail internalDate, Graph receivedDateTime. */
  receivedAt: Date;
  /** Read already; default unread. */
  seen?: boolean;
}

export interface ConformanceSetup {
  /** The account under test, ready to use; the suite closes it. */
  provider: MailProvider;
  /** Puts messages into the account's INBOX and Sent folder, as if they had arrived then. */
  fill(messages: readonly FillMessage[]): Promise<void>;
  /**
   * Another provider: for the same account (`same-account`), for the same account with a
   * wrong password or revoked token (`wrong-credentials`), or for a server that does not
   * listen (`unreachable`). The suite closes it.
   */
  open(kind: 'same-account' | 'wrong-credentials' | 'unreachable'): Promise<MailProvider>;
  /** A provider for the account that signs in with whatever `credentials` answers. */
  openWith(credentials: CredentialSource): Promise<MailProvider>;
  /** The account's own credential, and one the server refuses (a wrong password, a revoked token). */
  credential(kind: 'valid' | 'wrong'): Credential;
  /** The account's address: mail sent to it arrives in its INBOX. */
  address: string;
  /**
   * An address the server refuses as a recipient while it accepts the others, or null for a
   * service that takes every recipient when it sends and reports an unknown one later by a
   * bounce (the Gmail API): then such an address is accepted and nothing is named refused.
   */
  refusedRecipient: string | null;
  /** For a `refusedRecipient` of null: an address no one receives mail at. */
  unknownRecipient?: string;
  /**
   * The first scan's window (R10): the last 24 hours by received time (IMAP, Gmail; the
   * default), or the folder's newest messages (Microsoft: 100, more than the suite fills).
   */
  initialWindow?: 'last-24-hours' | 'newest-messages';
  /** The folder paths `listFolders` must report for INBOX and Sent, and how Sent is found. */
  expectedFolders: { inbox: string; sent: string; sentRoleSource: ProviderFolder['roleSource'] };
  /** Releases what the setup started (not the provider: the suite closes that). */
  cleanup(): Promise<void>;
}

const hour = 60 * 60 * 1000;
const owner = { name: 'Olga Owner', address: 'olga@hirebox.test' };
const anna = { name: 'Anna Berg', address: 'anna.berg@example.org' };

/** Every page of a scan, and what they add up to. */
async function collect(pages: AsyncIterable<HeaderPage>): Promise<{ pages: HeaderPage[]; headers: MessageHeaders[]; cursor: string }> {
  const all: HeaderPage[] = [];
  for await (const page of pages) all.push(page);
  const last = all.at(-1);
  if (last === undefined) throw new Error('a scan must yield at least one page');
  return { pages: all, headers: all.flatMap((page) => page.headers), cursor: last.cursor };
}

/** The headers of the message with `messageId` once it arrived in `folder` after `cursor` (delivery takes a moment). */
async function waitForHeaders(provider: MailProvider, folder: string, cursor: string, messageId: string): Promise<MessageHeaders> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { headers } = await collect(provider.scanHeaders(folder, { kind: 'cursor', cursor }));
    const found = headers.find((entry) => entry.messageId === messageId);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${messageId} did not arrive in ${folder}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The AppError a call fails with (anything else fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

/**
 * Registers the conformance cases for one provider as a vitest `describe`. `setup` runs
 * once, in `beforeAll`; the cases run in order and share the account.
 */
export function describeProviderConformance(name: string, setup: () => Promise<ConformanceSetup>): void {
  describe(`MailProvider conformance: ${name}`, () => {
    let subject: ConformanceSetup;
    const opened: MailProvider[] = [];
    const run = randomUUID().slice(0, 8);
    const id = (label: string) => `${label}.${run}@conformance.hirebox.test`;
    const now = new Date();
    const ago = (hours: number) => new Date(now.getTime() - hours * hour);
    const message = (label: string, date: Date, fields: Partial<MessageInput> = {}) =>
      buildMessage({ from: anna, to: owner, subject: label, date, messageId: id(label), body: `This is ${label}.\nSecond line.`, ...fields });

    const raws = {
      inWindow: message('in-window', ago(23), {
        to: [owner],
        cc: [{ name: 'Carl Colleague', address: 'carl@hirebox.test' }, 'dora@example.org'],
        inReplyTo: id('parent'),
        references: [id('root'), id('parent')],
      }),
      group: message('group-and-encoded', ago(2), {
        from: { name: 'Jürgen Müller', address: 'juergen@example.org' },
        to: 'undisclosed-recipients:;',
        subject: 'Grüße aus Köln',
      }),
      outside25: message('outside-25h', ago(25)),
      outside47: message('outside-47h', ago(47)),
      outside72: message('outside-72h', ago(72)),
      sentInWindow: message('sent-in-window', ago(1), { from: owner, to: anna, inReplyTo: id('in-window'), references: [id('root'), id('parent'), id('in-window')] }),
      sentOld: message('sent-old', ago(30), { from: owner, to: anna }),
    };
    const open = async (kind: Parameters<ConformanceSetup['open']>[0]) => {
      const provider = await subject.open(kind);
      opened.push(provider);
      return provider;
    };
    /** A credential source that counts what the provider asks of it; a refresh cannot help (the user must act). */
    const countingSource = (credential: Credential) => {
      const asked = { current: 0, refresh: 0 };
      const source: CredentialSource = {
        current: async () => {
          asked.current += 1;
          return credential;
        },
        refresh: async () => {
          asked.refresh += 1;
          throw new AppError('auth-required', 'refused');
        },
      };
      return { source, asked };
    };
    const initialWindow = (): ScanStart => ({ kind: 'initial-window', now });
    let firstInboxCursor = '';

    beforeAll(async () => {
      subject = await setup();
      await subject.fill([
        { folder: 'inbox', raw: raws.outside72, receivedAt: ago(72), seen: true },
        { folder: 'inbox', raw: raws.outside47, receivedAt: ago(47), seen: true },
        { folder: 'inbox', raw: raws.outside25, receivedAt: ago(25) },
        { folder: 'inbox', raw: raws.inWindow, receivedAt: ago(23) },
        { folder: 'inbox', raw: raws.group, receivedAt: ago(2), seen: true },
        { folder: 'sent', raw: raws.sentOld, receivedAt: ago(30), seen: true },
        { folder: 'sent', raw: raws.sentInWindow, receivedAt: ago(1), seen: true },
      ]);
    });

    afterAll(async () => {
      await Promise.all(opened.map((provider) => provider.close()));
      await subject?.provider.close();
      await subject?.cleanup();
    });

    it('lists INBOX and the Sent folder with their roles', async () => {
      const folders = await subject.provider.listFolders();
      const inbox = folders.filter((folder) => folder.role === 'inbox');
      const sent = folders.filter((folder) => folder.role === 'sent');
      expect(inbox.map((folder) => folder.path)).toEqual([subject.expectedFolders.inbox]);
      expect(sent).toEqual([expect.objectContaining({ path: subject.expectedFolders.sent, roleSource: subject.expectedFolders.sentRoleSource })]);
      for (const folder of folders) expect(folder.name, folder.path).not.toBe('');
    });

    it('scans exactly the initial window at first (R10): the last 24 hours by received time, or the newest messages', async () => {
      const inbox = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, initialWindow()));
      const sent = await collect(subject.provider.scanHeaders(subject.expectedFolders.sent, initialWindow()));
      if (subject.initialWindow === 'newest-messages') {
        // Fewer than the window's count: all of them, oldest first, whatever their age.
        expect(inbox.headers.map((headers) => headers.messageId)).toEqual([id('outside-72h'), id('outside-47h'), id('outside-25h'), id('in-window'), id('group-and-encoded')]);
        expect(sent.headers.map((headers) => headers.messageId)).toEqual([id('sent-old'), id('sent-in-window')]);
      } else {
        // now-25h is out; now-47h is on the day the coarse server search still returns: out too.
        expect(inbox.headers.map((headers) => headers.messageId)).toEqual([id('in-window'), id('group-and-encoded')]);
        expect(sent.headers.map((headers) => headers.messageId)).toEqual([id('sent-in-window')]);
      }
      for (const scan of [inbox, sent]) {
        const last = scan.pages.at(-1) as HeaderPage;
        if (last.total !== undefined && last.scanned !== undefined) expect(last.scanned).toBe(last.total);
      }
      firstInboxCursor = inbox.cursor;
    });

    it('searches by address between since and before, exactly by received time (older mail, counted)', async () => {
      const search: ScanStart = { kind: 'search', since: ago(100), before: ago(24), addresses: [anna.address] };
      const inbox = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, search));
      expect(inbox.headers.map((headers) => headers.messageId).sort()).toEqual([id('outside-25h'), id('outside-47h'), id('outside-72h')].sort());
      const sent = await collect(subject.provider.scanHeaders(subject.expectedFolders.sent, search));
      expect(sent.headers.map((headers) => headers.messageId)).toEqual([id('sent-old')]);
    });

    it('carries the header fields matching and threading need', async () => {
      const { headers } = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, initialWindow()));
      const inWindow = headers.find((found) => found.messageId === id('in-window')) as MessageHeaders;
      expect(inWindow).toMatchObject({
        messageId: id('in-window'),
        inReplyTo: [id('parent')],
        references: [id('root'), id('parent')],
        subject: 'in-window',
        from: [anna],
        to: [owner],
        cc: [{ name: 'Carl Colleague', address: 'carl@hirebox.test' }, { name: '', address: 'dora@example.org' }],
        bcc: [],
      });
      expect(typeof inWindow.key).toBe('string');
      expect(inWindow.location.folder).toBe(subject.expectedFolders.inbox);
      expect(Math.abs(inWindow.internalDate.getTime() - ago(23).getTime())).toBeLessThan(1_000);
      expect(Math.abs((inWindow.date as Date).getTime() - ago(23).getTime())).toBeLessThan(1_000);
      expect(inWindow.size).toBeGreaterThan(0);
      expect(inWindow.flags).not.toContain('\\Seen');

      const group = headers.find((found) => found.messageId === id('group-and-encoded')) as MessageHeaders;
      // `undisclosed-recipients:;` names nobody; RFC 2047 words arrive decoded.
      expect(group).toMatchObject({ to: [], from: [{ name: 'Jürgen Müller', address: 'juergen@example.org' }], subject: 'Grüße aus Köln' });
      expect(group.flags).toContain('\\Seen');
    });

    it('continues from a cursor: nothing new, then exactly the new message', async () => {
      expect(firstInboxCursor).not.toBe('');
      const again = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, { kind: 'cursor', cursor: firstInboxCursor }));
      expect(again.headers).toEqual([]);

      const arrivedAt = new Date();
      await subject.fill([{ folder: 'inbox', raw: message('arrived-now', arrivedAt), receivedAt: arrivedAt }]);
      const next = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, { kind: 'cursor', cursor: again.cursor }));
      expect(next.headers.map((headers) => headers.messageId)).toEqual([id('arrived-now')]);
      const after = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, { kind: 'cursor', cursor: next.cursor }));
      expect(after.headers).toEqual([]);
    });

    it('waits for a change: quiet, changed when mail arrives, changed at once past a stale cursor (issue 7)', async () => {
      const inbox = subject.expectedFolders.inbox;
      const current = await collect(subject.provider.scanHeaders(inbox, { kind: 'cursor', cursor: firstInboxCursor }));
      expect(await subject.provider.waitForChange(inbox, current.cursor, 300)).toBe('quiet');

      const waiting = subject.provider.waitForChange(inbox, current.cursor, 15_000);
      const arrivedAt = new Date();
      setTimeout(() => void subject.fill([{ folder: 'inbox', raw: message('arrived-while-watching', arrivedAt), receivedAt: arrivedAt }]), 200);
      expect(await waiting).toBe('changed');
      // Mail that came between a scan and the watch is a change at once, whatever the wait.
      expect(await subject.provider.waitForChange(inbox, current.cursor, 15_000)).toBe('changed');
      const caughtUp = await collect(subject.provider.scanHeaders(inbox, { kind: 'cursor', cursor: current.cursor }));
      expect(caughtUp.headers.map((headers) => headers.messageId)).toEqual([id('arrived-while-watching')]);

      const controller = new AbortController();
      const aborted = subject.provider.waitForChange(inbox, caughtUp.cursor, 15_000, controller.signal);
      const reason = new Error('stop watching');
      setTimeout(() => controller.abort(reason), 100);
      await expect(aborted).rejects.toBe(reason);
    });

    it('fetches the whole source without marking the message read', async () => {
      const { headers } = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, initialWindow()));
      const inWindow = headers.find((found) => found.messageId === id('in-window')) as MessageHeaders;
      const source = await subject.provider.fetchSource(inWindow.key, 1024 * 1024);
      expect(source.toString('utf8')).toBe(raws.inWindow);
      const rescanned = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, initialWindow()));
      expect(rescanned.headers.find((found) => found.messageId === id('in-window'))?.flags).not.toContain('\\Seen');
    });

    it('bounds fetchSource and peekBody by maxBytes', async () => {
      const { headers } = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, initialWindow()));
      const key = (headers.find((found) => found.messageId === id('in-window')) as MessageHeaders).key;
      const peek = await subject.provider.peekBody(key, 64);
      expect(peek.length).toBeLessThanOrEqual(64);
      expect(peek.length).toBeGreaterThan(0);
      expect(raws.inWindow.startsWith(peek.toString('utf8'))).toBe(true);
      expect((await subject.provider.fetchSource(key, 10)).length).toBeLessThanOrEqual(10);
      expect((await subject.provider.peekBody(key, 1024 * 1024)).toString('utf8')).toBe(raws.inWindow);
    });

    it('finds a message in Sent by its Message-ID, and answers null for a missing one', async () => {
      const key = await subject.provider.findByMessageId(subject.expectedFolders.sent, id('sent-in-window'));
      expect(key).not.toBeNull();
      expect((await subject.provider.fetchSource(key as string, 1024 * 1024)).toString('utf8')).toBe(raws.sentInWindow);
      expect(await subject.provider.findByMessageId(subject.expectedFolders.sent, `<${id('sent-in-window')}>`)).toBe(key);
      expect(await subject.provider.findByMessageId(subject.expectedFolders.sent, id('sent-old'))).not.toBeNull();
      expect(await subject.provider.findByMessageId(subject.expectedFolders.sent, id('missing'))).toBeNull();
      // The id is a prefix of another one: only an exact match counts.
      expect(await subject.provider.findByMessageId(subject.expectedFolders.sent, `sent-in-window.${run}@conformance`)).toBeNull();
    });

    it('files a Sent copy once by its Message-ID, read, and finds it at once — or, where the server files it, refuses to file one', async () => {
      // The Sent copy is the one place a Bcc header stays (R1).
      const raw = Buffer.from(`Bcc: hidden@example.org\r\n${message('appended', ago(0.1), { from: owner, to: anna })}`);
      const sent = subject.expectedFolders.sent;
      if (subject.provider.sentCopy === 'server') {
        // A second copy beside the server's own would be a duplicate in the Sent folder.
        const refused = await rejection(subject.provider.append(sent, raw, { messageId: id('appended') }));
        expect(refused.code).toBe('invalid-input');
        expect(refused.message).toMatch(/Sent copy/u);
        expect(await subject.provider.findByMessageId(sent, id('appended'))).toBeNull();
        return;
      }
      const key = await subject.provider.append(sent, raw, { messageId: id('appended') });
      expect(await subject.provider.findByMessageId(sent, id('appended'))).toBe(key);
      expect((await subject.provider.fetchSource(key, 1024 * 1024)).toString('utf8')).toBe(raw.toString('utf8'));
      // Filing it again (a retry after a lost answer) adds nothing and answers the same copy.
      expect(await subject.provider.append(sent, raw, { messageId: `<${id('appended')}>` })).toBe(key);
      const seen: MessageHeaders[] = [];
      for await (const page of subject.provider.scanHeaders(sent, { kind: 'initial-window', now: new Date() })) seen.push(...page.headers);
      const copies = seen.filter((headers) => headers.messageId === id('appended'));
      expect(copies).toHaveLength(1);
      expect(copies[0]!.flags).toContain('\\Seen');
      expect(copies[0]!.bcc.map((entry) => entry.address)).toEqual(['hidden@example.org']);
      expect(await rejection(subject.provider.append(sent, raw, { messageId: 'no id' }))).toMatchObject({ code: 'invalid-input' });
    });

    it('refuses keys and cursors it did not make', async () => {
      expect(await rejection(subject.provider.fetchSource('not a key', 100))).toMatchObject({ code: 'invalid-input' });
      expect(await rejection(subject.provider.peekBody('{"folder":1}', 100))).toMatchObject({ code: 'invalid-input' });
      expect(await rejection(collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, { kind: 'cursor', cursor: 'garbage' })))).toMatchObject({ code: 'invalid-input' });
    });

    it('rejects with the signal’s reason when the caller aborts', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      await expect(subject.provider.listFolders(controller.signal)).rejects.toBe(controller.signal.reason);
      // The provider stays usable.
      expect((await subject.provider.listFolders()).length).toBeGreaterThan(0);
    });

    it('answers auth-required for a wrong password', async () => {
      const error = await rejection((await open('wrong-credentials')).listFolders());
      expect(error).toMatchObject({ code: 'auth-required', retryable: false });
    });

    it('answers network, retryable, for a server that does not listen', async () => {
      const error = await rejection((await open('unreachable')).listFolders());
      expect(error).toMatchObject({ code: 'network', retryable: true });
    });

    it('signs in with the credential source’s credential, asking for a refresh at most once when refused', async () => {
      const valid = countingSource(subject.credential('valid'));
      const working = await subject.openWith(valid.source);
      opened.push(working);
      expect((await working.listFolders()).length).toBeGreaterThan(0);
      expect(valid.asked.current).toBeGreaterThan(0);
      expect(valid.asked.refresh).toBe(0);
      const wrong = countingSource(subject.credential('wrong'));
      const refused = await subject.openWith(wrong.source).then((provider) => {
        opened.push(provider);
        return rejection(provider.listFolders());
      }, (error: unknown) => error);
      expect(refused).toMatchObject({ code: 'auth-required', retryable: false });
      // A refused credential is not tried again and again: that locks accounts.
      expect(wrong.asked.refresh).toBeLessThanOrEqual(1);
    });

    it('sends to every recipient, keeps Bcc out of what they read, and says who files the Sent copy', async () => {
      const label = 'sent-by-provider';
      const raw = Buffer.from(`Bcc: hidden@example.org\r\n${message(label, new Date(), { from: owner, to: subject.address })}`);
      const before = await collect(subject.provider.scanHeaders(subject.expectedFolders.inbox, { kind: 'initial-window', now: new Date() }));
      let started = 0;
      const result = await subject.provider.send({ from: subject.address, recipients: [subject.address, 'hidden@example.org'], raw }, { onSendStart: () => (started += 1) });
      expect(result).toEqual({ outcome: 'accepted', refused: [] });
      expect(started).toBe(1);
      expect(['server', 'client']).toContain(subject.provider.sentCopy);
      const arrived = await waitForHeaders(subject.provider, subject.expectedFolders.inbox, before.cursor, id(label));
      const delivered = (await subject.provider.fetchSource(arrived.key, 1024 * 1024)).toString('utf8');
      expect(delivered).toContain(`Subject: ${label}`);
      expect(delivered).not.toMatch(/^Bcc:/imu);
      expect(delivered).not.toContain('hidden@example.org');
    });

    it('names each recipient the server refused while it accepts for the others (or, where the service refuses none at sending, accepts)', async () => {
      const other = subject.refusedRecipient ?? subject.unknownRecipient;
      if (other === undefined) throw new Error('the setup names neither a refused nor an unknown recipient');
      const raw = Buffer.from(message('partly-refused', new Date(), { from: owner, to: [subject.address, other] }));
      const result = await subject.provider.send({ from: subject.address, recipients: [subject.address, other], raw });
      expect(result.outcome).toBe('accepted');
      expect(result.outcome === 'accepted' ? result.refused.map((entry) => entry.address) : []).toEqual(subject.refusedRecipient === null ? [] : [subject.refusedRecipient]);
    });

    it('sends nothing with a refused credential (auth) or to a server that does not listen (unreachable)', async () => {
      const raw = Buffer.from(message('never-sent', new Date(), { from: owner, to: subject.address }));
      const outgoing = { from: subject.address, recipients: [subject.address], raw };
      expect(await (await open('wrong-credentials')).send(outgoing)).toMatchObject({ outcome: 'not-sent', failure: 'auth' });
      expect(await (await open('unreachable')).send(outgoing)).toMatchObject({ outcome: 'not-sent', failure: 'unreachable' });
    });

    it('closes idempotently, used or not', async () => {
      const used = await open('same-account');
      expect((await used.listFolders()).length).toBeGreaterThan(0);
      await used.close();
      await used.close();
      // Closed means closed: no call opens a new connection behind the caller's back.
      await expect(used.listFolders()).rejects.toBeInstanceOf(AppError);
      const unused = await open('same-account');
      await Promise.all([unused.close(), unused.close()]);
    });
  });
}
