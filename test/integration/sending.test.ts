import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, OutboxItemView } from '../../shared/model.js';
import type { OutboxStateName } from '../../shared/status.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { prepareDataFolder } from '../../electron/core/data-folder.js';
import { Engine } from '../../electron/core/engine.js';
import { silentLogger } from '../../electron/core/log/file-logger.js';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import { addTeamMember, value } from '../support/engine.js';
import { buildMessage, connectImap, deliverByLmtp, startDovecot, startSmtpServer, startTcpProxy, type Dovecot, type SmtpServer, type SmtpServerOptions, type TcpProxy } from '../support/mail-servers/index.js';
import { changePassword } from '../support/mail-servers/dovecot-faults.js';
import { findFreePorts } from '../support/mail-servers/free-ports.js';
import { makeTempFolder } from '../support/temp-folder.js';

// Sending through the recruiter's own mailbox (R1, R12, R15) against a real Dovecot and the
// smtp-server package, counting DATA transactions at the server. One Dovecot for the file;
// each case its own SMTP server (one behaviour each) and its own mailbox user, so no case
// sees another's Sent folder.

const users = ['alice', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'ivan', 'julia', 'kim', 'lena', 'bob', 'mona', 'nina', 'otto', 'pete', 'rita', 'sara', 'tara'].map((name) => ({ name: `${name}@hirebox.test`, password: `${name}-password` }));
let dovecot: Dovecot;
let engine: Engine;
let removeTemp: () => void;
let candidate: CandidateProfile;
const servers: SmtpServer[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({ users });
  const temp = makeTempFolder();
  removeTemp = temp.remove;
  const dataFolder = prepareDataFolder(temp.folder);
  engine = Engine.open({
    dataFolder,
    logger: silentLogger,
    version: '0.0.0-test',
    secrets: KeyFileSecretBox.open(dataFolder),
    outbox: { timing: { retryDelaysMs: [300, 600], sentCopyWaitMs: 8_000, sentCopyPollMs: 150, imapRetryMs: 300 } },
  });
  value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
  // These cases are about sending itself: mail goes at once, without the grace period to undo.
  value(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  candidate = value(await engine.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@hirebox.test'], applications: [{ jobId: job.id }] }));
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await Promise.all(servers.map((server) => server.close()));
  await dovecot?.stop();
  removeTemp?.();
});

async function smtpServer(options: SmtpServerOptions = {}): Promise<SmtpServer> {
  const server = await startSmtpServer(dovecot, options);
  servers.push(server);
  return server;
}

/** Connects a Dovecot user's mailbox whose SMTP is `smtpPort` (and IMAP `imapPort`, default Dovecot's own). */
async function connect(user: string, smtpPort: number, imapPort = dovecot.imapPort): Promise<MailboxSummary> {
  return value(
    await engine.call(installationOwner, 'mailboxes:connect', {
      address: user,
      displayName: 'Olivia Owner',
      userName: user,
      password: users.find((known) => known.name === user)!.password,
      imap: { host: '127.0.0.1', port: imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtpPort, security: 'none' },
    }),
  );
}

async function item(itemId: string): Promise<OutboxItemView> {
  const page = value(await engine.call(installationOwner, 'outbox:list', { limit: 100 }));
  return page.items.find((candidateItem) => candidateItem.id === itemId)!;
}

/** Waits until the item reaches one of `states` (the sender works in the background). */
async function until(itemId: string, states: OutboxStateName[], timeoutMs = 15_000): Promise<OutboxItemView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await item(itemId);
    if (states.includes(current.state.state)) return current;
    if (Date.now() > deadline) throw new Error(`item stayed ${JSON.stringify(current.state)}, expected ${states.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function withImap<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connectImap(dovecot, user);
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** The sources of every message with this Message-ID in the user's folder. */
async function copiesIn(user: string, folder: string, messageId: string): Promise<Buffer[]> {
  return withImap(user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!Array.isArray(uids) || uids.length === 0) return [];
      const sources: Buffer[] = [];
      for await (const message of client.fetch(uids.join(','), { source: true }, { uid: true })) sources.push(message.source!);
      return sources;
    } finally {
      lock.release();
    }
  });
}

function send(mailbox: MailboxSummary, fields: Partial<Parameters<typeof engine.call<'outbox:send'>>[2]> = {}) {
  return engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@hirebox.test'], subject: 'Your application', body: 'Hello Bob,\nthanks for applying.', ...fields });
}

describe('a reply sent through the mailbox (R1)', () => {
  it('goes out once, threads correctly, keeps Bcc in the Sent copy only and joins its thread at once', async () => {
    const server = await smtpServer();
    const mailbox = await connect('alice@hirebox.test', server.port);
    value(await engine.call(installationOwner, 'mailboxes:update', { mailboxId: mailbox.id, signature: 'Olivia Owner\nAcme GmbH' }));
    // Bob wrote first; his mail answers an older one Hirebox never stored.
    await deliverByLmtp(dovecot, {
      from: 'bob@hirebox.test',
      to: ['alice@hirebox.test'],
      raw: buildMessage({ from: 'Bob Bewerber <bob@hirebox.test>', to: 'alice@hirebox.test', subject: 'Bewerbung', date: new Date(), messageId: 'bob-1@hirebox.test', references: ['root@hirebox.test'], inReplyTo: 'root@hirebox.test', body: 'Anbei meine Bewerbung.' }),
    });
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const parent = engine.store.messages.findByDedupeKey('mid:bob-1@hirebox.test');
    expect(parent).not.toBeNull();
    const owner = value(await engine.call(installationOwner, 'session:get', {})).user;
    const attachment = engine.blobs.offer(owner.id, Buffer.from('%PDF-1.4 test'), { fileName: 'Einladung.pdf', mimeType: 'application/pdf' });

    const queued = value(await send(mailbox, { replyToMessageId: parent!.id, subject: '', bcc: ['hidden@example.org'], attachmentBlobIds: [attachment.blobId] }));
    expect(queued.state.state).toBe('queued');
    expect(queued.subject).toBe('Re: Bewerbung');
    const filed = await until(queued.id, ['filed']);
    expect(filed.state).toMatchObject({ state: 'filed', refusedRecipients: [] });

    // At the server: one DATA, without Bcc, with the headers every mail client threads by.
    expect(server.dataTransactions).toHaveLength(1);
    expect(server.dataTransactions[0]!.to.sort()).toEqual(['bob@hirebox.test', 'hidden@example.org']);
    const wire = await simpleParser(server.dataTransactions[0]!.raw);
    expect(wire.messageId).toBe(`<${queued.messageId}>`);
    expect(wire.inReplyTo).toBe('<bob-1@hirebox.test>');
    expect(wire.references).toEqual(['<root@hirebox.test>', '<bob-1@hirebox.test>']);
    expect(wire.headers.has('bcc')).toBe(false);
    expect(wire.text).toContain('thanks for applying.\n\n-- \nOlivia Owner\nAcme GmbH');
    expect(wire.attachments.map((part) => part.filename)).toEqual(['Einladung.pdf']);
    // Bob got it.
    expect(server.received[0]!.recipients.find((recipient) => recipient.address === 'bob@hirebox.test')?.outcome).toBe('delivered');

    // In Sent: exactly one copy, the one place Bcc stays.
    const copies = await copiesIn('alice@hirebox.test', 'Sent', queued.messageId);
    expect(copies).toHaveLength(1);
    const copy = await simpleParser(copies[0]!);
    expect(copy.messageId).toBe(`<${queued.messageId}>`);
    expect((copy.bcc as { text: string } | undefined)?.text).toBe('hidden@example.org');

    // In Hirebox: in Bob's thread, on his profile, at once; a sync adds no second message.
    const sent = engine.store.messages.findByDedupeKey(`mid:${queued.messageId}`);
    expect(sent?.threadId).toBe(parent!.threadId);
    expect(filed.threadId).toBe(parent!.threadId);
    expect(engine.store.links.candidatesOf(sent!.id)).toEqual([candidate.id]);
    const threadsBefore = value(await engine.call(installationOwner, 'inbox:list', { limit: 50, mailboxId: mailbox.id })).items;
    expect(threadsBefore.find((thread) => thread.id === parent!.threadId)?.messageCount).toBe(2);
    // Replying read the thread: it does not come back bold for its author.
    expect(threadsBefore.find((thread) => thread.id === parent!.threadId)?.unread).toBe(false);
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const threadsAfter = value(await engine.call(installationOwner, 'inbox:list', { limit: 50, mailboxId: mailbox.id })).items;
    expect(threadsAfter.find((thread) => thread.id === parent!.threadId)?.messageCount).toBe(2);
    expect(server.dataTransactions).toHaveLength(1);
  });
});

describe('rich text through the contract', () => {
  it('sends only the harmless HTML, with a text part made from it; a placeholder in the HTML stops the mail', async () => {
    const server = await smtpServer();
    const mailbox = await connect('tara@hirebox.test', server.port);
    const html =
      '<p onmouseover="steal()">Hello <strong>Bob</strong>, see <a href="https://jobs.acme.com/backend" onclick="x()">the role</a>' +
      ' and <a href="javascript:alert(1)">this</a>.</p><script>document.cookie</script><img src="https://track.example/p.gif"><ul><li><p>Call on Monday</p></li></ul>';
    // The text in `body` is not used when `html` is given: the text part says what the HTML says.
    const queued = value(await send(mailbox, { body: 'something else', html }));
    await until(queued.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(1);
    const wire = await simpleParser(server.dataTransactions[0]!.raw);
    expect(wire.text).toBe('Hello *Bob*, see the role <https://jobs.acme.com/backend> and this.\n\n- Call on Monday');
    const sentHtml = String(wire.html);
    expect(sentHtml).toContain('<p>Hello <strong>Bob</strong>, see <a href="https://jobs.acme.com/backend" rel="noopener noreferrer">the role</a> and <span>this</span>.</p>');
    expect(sentHtml).not.toMatch(/script|cookie|onmouseover|onclick|javascript:|<img|track\.example/iu);
    expect(server.dataTransactions[0]!.raw.toString('utf8')).not.toContain('something else');

    const refused = await send(mailbox, { body: '', html: '<p>Hello {firstName}</p>' });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'invalid-input', field: 'body' });
    expect(server.dataTransactions).toHaveLength(1);
  });
});

describe('a server that files the Sent copy itself (like Gmail)', () => {
  it('is waited for, and no second copy is appended', async () => {
    const server = await smtpServer({ fileSentCopy: { delayMs: 600 } });
    const mailbox = await connect('carol@hirebox.test', server.port);
    expect(value(await engine.call(installationOwner, 'mailboxes:set-sent-copy', { mailboxId: mailbox.id, sentCopy: 'server' }))).toMatchObject({ effective: 'server' });
    const queued = value(await send(mailbox));
    await until(queued.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(1);
    expect(await copiesIn('carol@hirebox.test', 'Sent', queued.messageId)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('one refused recipient of two: accepted, naming the refused one — never an invitation to resend', async () => {
    const server = await smtpServer({ refuseRecipients: ['nobody@example.org'] });
    const mailbox = await connect('dave@hirebox.test', server.port);
    const queued = value(await send(mailbox, { to: ['bob@hirebox.test', 'nobody@example.org'] }));
    expect(queued.threadId).toBeNull();
    const done = await until(queued.id, ['filed']);
    // A new mail starts its own thread, on the candidate's profile.
    expect(done.threadId).toBe(engine.store.messages.findByDedupeKey(`mid:${queued.messageId}`)?.threadId);
    expect(done.threadId).not.toBeNull();
    expect(done.state.state === 'filed' && done.state.refusedRecipients).toEqual([expect.stringContaining('nobody@example.org')]);
    expect(done.state.state === 'filed' && done.state.refusedRecipients[0]).toContain('550');
    expect(server.dataTransactions).toHaveLength(1);
    expect(server.dataTransactions[0]!.to).toEqual(['bob@hirebox.test']);
  });

  it('every recipient refused: failed-permanent with the server’s reason, nothing sent', async () => {
    const server = await smtpServer({ refuseRecipients: ['nobody@example.org', 'noone@example.org'] });
    const mailbox = await connect('erin@hirebox.test', server.port);
    const queued = value(await send(mailbox, { to: ['nobody@example.org', 'noone@example.org'] }));
    const done = await until(queued.id, ['failed-permanent']);
    expect(done.state.state === 'failed-permanent' && done.state.reason).toMatch(/550.*Recipient address rejected/);
    expect(server.dataTransactions).toHaveLength(0);
    expect(await copiesIn('erin@hirebox.test', 'Sent', queued.messageId)).toHaveLength(0);
  });

  it('a 421 is retried with backoff, and the mail goes out once', async () => {
    const server = await smtpServer({ dataReplies: [421] });
    const mailbox = await connect('frank@hirebox.test', server.port);
    const queued = value(await send(mailbox));
    const done = await until(queued.id, ['filed']);
    expect(server.dataTransactions.map((transaction) => transaction.reply)).toEqual([421, 250]);
    expect(server.received).toHaveLength(1);
    expect(done.attempts).toBe(2);
    expect(await copiesIn('frank@hirebox.test', 'Sent', queued.messageId)).toHaveLength(1);
  });
});

describe('offline (R15)', () => {
  let smtp: TcpProxy;
  let imap: TcpProxy;
  let server: SmtpServer;
  let mailbox: MailboxSummary;

  beforeAll(async () => {
    server = await smtpServer();
    [smtp, imap] = await Promise.all([startTcpProxy(server.port), startTcpProxy(dovecot.imapPort)]);
    proxies.push(smtp, imap);
    mailbox = await connect('gina@hirebox.test', smtp.port, imap.port);
  });

  it('waits in queued while the servers are out of reach, and drains when they come back', async () => {
    await Promise.all([smtp.goOffline(), imap.goOffline()]);
    const first = value(await send(mailbox, { subject: 'First' }));
    const second = value(await send(mailbox, { subject: 'Second' }));
    const cancelled = value(await send(mailbox, { subject: 'Never mind' }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await item(first.id)).state.state).toBe('queued');
    expect((await item(first.id)).attempts).toBeGreaterThanOrEqual(1);
    // Cancelled while queued: it never leaves.
    expect(value(await engine.call(installationOwner, 'outbox:cancel', { itemId: cancelled.id })).state.state).toBe('cancelled');
    expect(server.dataTransactions).toHaveLength(0);

    await Promise.all([smtp.goOnline(), imap.goOnline()]);
    await until(first.id, ['filed']);
    await until(second.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(2);
    const subjects = await Promise.all(server.dataTransactions.map(async (transaction) => (await simpleParser(transaction.raw)).subject));
    expect(subjects.sort()).toEqual(['First', 'Second']);
    expect((await item(cancelled.id)).state.state).toBe('cancelled');
    const refused = await engine.call(installationOwner, 'outbox:cancel', { itemId: first.id });
    expect(refused.ok ? null : refused.error.code).toBe('conflict');
  });
});

describe('back online', () => {
  it('a mailbox that syncs again sends what waited for it at once, not at the end of its backoff', async () => {
    const temp = makeTempFolder();
    const dataFolder = prepareDataFolder(temp.folder);
    // Backoff of a minute: only the mailbox coming back can send the mail within the test.
    const patient = Engine.open({ dataFolder, logger: silentLogger, version: '0.0.0-test', secrets: KeyFileSecretBox.open(dataFolder), outbox: { timing: { retryDelaysMs: [60_000] } } });
    try {
      value(await patient.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
      value(await patient.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
      const job = value(await patient.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
      const bob = value(await patient.call(installationOwner, 'candidates:create', { name: 'Bob Bewerber', addresses: ['bob@hirebox.test'], applications: [{ jobId: job.id }] }));
      const server = await smtpServer();
      const [smtp, imap] = await Promise.all([startTcpProxy(server.port), startTcpProxy(dovecot.imapPort)]);
      proxies.push(smtp, imap);
      const user = users.find((known) => known.name === 'lena@hirebox.test')!;
      const mailbox = value(
        await patient.call(installationOwner, 'mailboxes:connect', {
          address: user.name,
          userName: user.name,
          password: user.password,
          imap: { host: '127.0.0.1', port: imap.port, security: 'none' },
          smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
        }),
      );
      await Promise.all([smtp.goOffline(), imap.goOffline()]);
      const queued = value(await patient.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: bob.id, to: ['bob@hirebox.test'], subject: 'Waited', body: 'Hallo' }));
      const deadline = Date.now() + 10_000;
      const current = async () => value(await patient.call(installationOwner, 'outbox:list', { limit: 10 })).items.find((entry) => entry.id === queued.id)!;
      while ((await current()).attempts === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await current()).state.state).toBe('queued');
      await Promise.all([smtp.goOnline(), imap.goOnline()]);
      value(await patient.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
      while ((await current()).state.state !== 'filed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await current()).state.state).toBe('filed');
      expect(server.dataTransactions).toHaveLength(1);
    } finally {
      await patient.close();
      temp.remove();
    }
  });
});

describe('unlinking a mailbox (R12)', () => {
  it('moves waiting mail to another mailbox after the user chose it, or returns it to drafts; imported mail stays', async () => {
    const server = await smtpServer();
    const proxy = await startTcpProxy(server.port);
    proxies.push(proxy);
    const leaving = await connect('hank@hirebox.test', proxy.port);
    const staying = await connect('julia@hirebox.test', server.port);
    await deliverByLmtp(dovecot, {
      from: 'bob@hirebox.test',
      to: ['hank@hirebox.test'],
      raw: buildMessage({ from: 'bob@hirebox.test', to: 'hank@hirebox.test', subject: 'Imported before unlinking', date: new Date(), messageId: 'bob-to-hank@hirebox.test', body: 'Hallo' }),
    });
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: leaving.id }));
    const imported = engine.store.messages.findByDedupeKey('mid:bob-to-hank@hirebox.test');
    expect(imported).not.toBeNull();
    await proxy.goOffline();
    const toMove = value(await send(leaving, { subject: 'Moves along' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await item(toMove.id)).state.state).toBe('queued');

    expect(leaving.unlinkedAt).toBeNull();
    const unlinked = value(await engine.call(installationOwner, 'mailboxes:disconnect', { mailboxId: leaving.id, moveQueuedTo: staying.id }));
    expect(unlinked.status.state).toBe('paused');
    // The mailbox says it is unlinked, so a composer does not offer it (follow-ups of issues 6–10).
    expect(unlinked.unlinkedAt).toEqual(expect.any(String));
    const mailboxList = value(await engine.call(installationOwner, 'mailboxes:list', { limit: 100 })).items;
    expect(mailboxList.find((entry) => entry.id === leaving.id)?.unlinkedAt).toBe(unlinked.unlinkedAt);
    expect(mailboxList.find((entry) => entry.id === staying.id)?.unlinkedAt).toBeNull();
    expect(engine.store.mailboxes.connectionOf(leaving.id)?.credentials).toBeNull();
    // Nothing reaches its server any more, not even a connection test or a repair (R12).
    const hankLogins = () => server.logins.filter((login) => login.user === 'hank@hirebox.test').length;
    const loginsAfterUnlink = hankLogins();
    for (const [channel, input] of [
      ['mailboxes:test-connection', { mailboxId: leaving.id }],
      ['mailboxes:update-connection', { mailboxId: leaving.id, password: 'hank-password' }],
    ] as const) {
      expect(await engine.call(installationOwner, channel, input)).toMatchObject({ ok: false, error: { code: 'conflict', rule: 'R12' } });
    }
    expect(hankLogins()).toBe(loginsAfterUnlink);
    const moved = await until(toMove.id, ['filed']);
    expect(moved.mailboxId).toBe(staying.id);
    const wire = await simpleParser(server.dataTransactions.at(-1)!.raw);
    expect(wire.from?.value[0]?.address).toBe('julia@hirebox.test');
    expect(wire.messageId).toBe(`<${toMove.messageId}>`);
    // Imported mail stays, and is still listed.
    expect(engine.store.messages.findByDedupeKey('mid:bob-to-hank@hirebox.test')?.id).toBe(imported!.id);
    const listed = value(await engine.call(installationOwner, 'inbox:list', { limit: 50, mailboxId: leaving.id })).items;
    expect(listed.map((thread) => thread.id)).toContain(imported!.threadId);
    // Sync stops: an unlinked mailbox is not synced again.
    const sync = await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: leaving.id });
    expect(sync.ok ? null : sync.error).toMatchObject({ code: 'conflict', rule: 'R12' });
    // Sending from an unlinked mailbox is refused.
    const refused = await send(leaving);
    expect(refused.ok ? null : refused.error.code).toBe('conflict');
    // A colleague cannot take the unlinked address over (R8 stands for them).
    const colleague = await addTeamMember(engine, 'recruiter');
    const taken = await engine.call(colleague.caller, 'mailboxes:connect', {
      address: 'hank@hirebox.test',
      userName: 'hank@hirebox.test',
      password: users.find((known) => known.name === 'hank@hirebox.test')!.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: server.port, security: 'none' },
    });
    expect(taken.ok ? null : taken.error).toMatchObject({ code: 'conflict', rule: 'R8' });
    // Connecting it again links the same mailbox: same id, its mail kept, syncing again.
    const relinked = await connect('hank@hirebox.test', server.port);
    expect(relinked.id).toBe(leaving.id);
    expect(relinked.unlinkedAt).toBeNull();
    expect(value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: leaving.id }))).toMatchObject({ messagesStored: 0 });
    expect(engine.store.messages.findByDedupeKey('mid:bob-to-hank@hirebox.test')?.id).toBe(imported!.id);
    value(await engine.call(installationOwner, 'mailboxes:disconnect', { mailboxId: leaving.id }));

    // Without a choice, waiting mail returns to drafts, and can be sent from another mailbox later.
    const proxy2 = await startTcpProxy(server.port);
    proxies.push(proxy2);
    const another = await connect('ivan@hirebox.test', proxy2.port);
    await proxy2.goOffline();
    const toDraft = value(await send(another, { subject: 'Back to drafts' }));
    value(await engine.call(installationOwner, 'mailboxes:disconnect', { mailboxId: another.id }));
    expect((await item(toDraft.id)).state.state).toBe('draft');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.dataTransactions.filter((transaction) => transaction.raw.includes('Back to drafts'))).toHaveLength(0);
    value(await engine.call(installationOwner, 'outbox:move', { itemId: toDraft.id, mailboxId: staying.id }));
    await until(toDraft.id, ['filed']);
    expect(server.dataTransactions.filter((transaction) => transaction.raw.includes('Back to drafts'))).toHaveLength(1);
  });
});

describe('who may send (the caller is bound by the transport)', () => {
  it('only from a mailbox of one’s own, only to a candidate one may see; an outbox is personal', async () => {
    const server = await smtpServer();
    const mailbox = await connect('kim@hirebox.test', server.port);
    const owned = value(await send(mailbox, { subject: 'Mine' }));
    const recruiter = await addTeamMember(engine, 'recruiter');
    const manager = await addTeamMember(engine, 'hiring-manager');

    const fromAnother = await engine.call(recruiter.caller, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@hirebox.test'], subject: 'x', body: 'x' });
    expect(fromAnother.ok ? null : fromAnother.error.code).toBe('forbidden');
    const unseenCandidate = await engine.call(manager.caller, 'outbox:send', { mailboxId: mailbox.id, candidateId: candidate.id, to: ['bob@hirebox.test'], subject: 'x', body: 'x' });
    expect(unseenCandidate.ok ? null : unseenCandidate.error.code).toBe('forbidden');
    const othersItem = await engine.call(recruiter.caller, 'outbox:cancel', { itemId: owned.id });
    expect(othersItem.ok ? null : othersItem.error.code).toBe('not-found');
    expect(value(await engine.call(recruiter.caller, 'outbox:list', { limit: 50 })).items).toEqual([]);
    const unlinkOthers = await engine.call(recruiter.caller, 'mailboxes:disconnect', { mailboxId: mailbox.id });
    expect(unlinkOthers.ok ? null : unlinkOthers.error.code).toBe('forbidden');
    await until(owned.id, ['filed']);
  });
});

describe('a refused SMTP login (follow-ups of issues 6–10)', () => {
  it('holds the mailbox as auth-required: the mail waits, nothing is retried, and it goes once the user tries again', async () => {
    const server = await smtpServer();
    const mailbox = await connect('mona@hirebox.test', server.port);
    const status = async () => value(await engine.call(installationOwner, 'mailboxes:list', { limit: 100 })).items.find((entry) => entry.id === mailbox.id)!.status;
    // The password was changed at the provider: the SMTP server refuses it from now on.
    server.refuseLogins(true);
    const first = value(await send(mailbox, { subject: 'Refused login' }));
    const deadline = Date.now() + 15_000;
    while ((await status()).state !== 'auth-required' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await status()).toEqual({ state: 'auth-required', kind: 'password-rejected' });
    const triedLogins = server.logins.length;
    expect(triedLogins).toBeGreaterThanOrEqual(1);

    // Longer than both retry delays (300 and 600 ms): a retried login would show by now.
    const second = value(await send(mailbox, { subject: 'Written while held' }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const waiting of [first, second]) expect((await item(waiting.id)).state).toEqual({ state: 'queued' });
    expect(server.logins).toHaveLength(triedLogins);
    expect(server.dataTransactions).toHaveLength(0);
    expect(await status()).toEqual({ state: 'auth-required', kind: 'password-rejected' });

    // The user fixed the password at the provider and chose "try again": both go, once each.
    server.refuseLogins(false);
    value(await engine.call(installationOwner, 'mailboxes:resume', { mailboxId: mailbox.id }));
    await until(first.id, ['filed']);
    await until(second.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(2);
    expect(server.logins.slice(triedLogins).every((login) => login.accepted)).toBe(true);
    expect((await status()).state).toBe('up-to-date');
  });

  it('a refused IMAP login holds sending too; mail written meanwhile goes once the user tries again', async () => {
    const server = await smtpServer();
    const user = 'pete@hirebox.test';
    const imap = await startTcpProxy(dovecot.imapPort);
    proxies.push(imap);
    const mailbox = await connect(user, server.port, imap.port);
    const status = async () => value(await engine.call(installationOwner, 'mailboxes:list', { limit: 100 })).items.find((entry) => entry.id === mailbox.id)!.status;
    changePassword(dovecot, user, 'changed-on-the-server');
    try {
      // The connection drops; logging in again is refused.
      await imap.goOffline();
      await imap.goOnline();
      const deadline = Date.now() + 15_000;
      while ((await status()).state !== 'auth-required' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await status()).toEqual({ state: 'auth-required', kind: 'password-rejected' });
      // The SMTP server would take the old password; Hirebox does not try it while the mailbox waits for the user.
      const loginsBefore = server.logins.length;
      const held = value(await send(mailbox, { subject: 'Written while IMAP refused' }));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await item(held.id)).state).toEqual({ state: 'queued' });
      expect(server.logins).toHaveLength(loginsBefore);
    } finally {
      changePassword(dovecot, user, users.find((known) => known.name === user)!.password);
    }
    const queued = value(await engine.call(installationOwner, 'outbox:list', { limit: 100 })).items.find((entry) => entry.subject === 'Written while IMAP refused')!;
    value(await engine.call(installationOwner, 'mailboxes:resume', { mailboxId: mailbox.id }));
    await until(queued.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(1);
  });
});

describe('repairing a mailbox whose password was changed', () => {
  it('tests the new password before saving it, then resumes where it stopped: nothing lost or doubled, the waiting reply sent once', async () => {
    const server = await smtpServer();
    const user = 'rita@hirebox.test';
    const imap = await startTcpProxy(dovecot.imapPort);
    proxies.push(imap);
    const mailbox = await connect(user, server.port, imap.port);
    const status = async () => value(await engine.call(installationOwner, 'mailboxes:list', { limit: 100 })).items.find((entry) => entry.id === mailbox.id)!.status;
    const deliver = (label: string) =>
      deliverByLmtp(dovecot, {
        from: 'bob@hirebox.test',
        to: [user],
        raw: buildMessage({ from: 'Bob Bewerber <bob@hirebox.test>', to: user, subject: label, date: new Date(), messageId: `${label}@hirebox.test`, body: 'Hallo Rita' }),
      });
    await deliver('before-the-change');
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(engine.store.messages.findByDedupeKey('mid:before-the-change@hirebox.test')).not.toBeNull();

    changePassword(dovecot, user, 'rita-new-password');
    await imap.goOffline();
    await imap.goOnline();
    const deadline = Date.now() + 15_000;
    while ((await status()).state !== 'auth-required' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await status()).toEqual({ state: 'auth-required', kind: 'password-rejected' });
    // Mail keeps arriving, and a reply is written while Hirebox cannot sign in.
    await deliver('during-the-outage');
    const waiting = value(await send(mailbox, { subject: 'Written before the repair' }));

    // A mistyped new password is tested and refused: nothing saved, the mailbox still waits.
    const mistyped = value(await engine.call(installationOwner, 'mailboxes:update-connection', { mailboxId: mailbox.id, password: 'rita-new-pasword' }));
    expect(mistyped.saved).toBe(false);
    expect(mistyped.report.checks.find((check) => check.protocol === 'imap')!.steps.find((step) => step.status === 'failed')).toMatchObject({ step: 'auth', problem: { code: 'auth-failed' } });
    expect(await status()).toEqual({ state: 'auth-required', kind: 'password-rejected' });
    expect(server.dataTransactions).toHaveLength(0);

    const repaired = value(await engine.call(installationOwner, 'mailboxes:update-connection', { mailboxId: mailbox.id, password: 'rita-new-password' }));
    expect(repaired.saved).toBe(true);
    expect(repaired.report.ok).toBe(true);
    await until(waiting.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(1);
    const upToDate = Date.now() + 15_000;
    while ((await status()).state !== 'up-to-date' && Date.now() < upToDate) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await status()).toEqual({ state: 'up-to-date' });
    // What arrived during the outage is there once, what was there before is not stored again.
    const arrived = engine.store.messages.findByDedupeKey('mid:during-the-outage@hirebox.test');
    expect(arrived).not.toBeNull();
    const threads = value(await engine.call(installationOwner, 'inbox:list', { limit: 50, mailboxId: mailbox.id })).items;
    expect(threads.filter((thread) => thread.subject === 'before-the-change').map((thread) => thread.messageCount)).toEqual([1]);
    expect(threads.filter((thread) => thread.subject === 'during-the-outage').map((thread) => thread.messageCount)).toEqual([1]);
    // The new password is the one kept: after a restart-free reconnect the mailbox still signs in.
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(value(await engine.call(installationOwner, 'mailboxes:test-connection', { mailboxId: mailbox.id })).ok).toBe(true);
  });

  it('lets the owner change the servers at any time; a test that fails saves nothing', async () => {
    const server = await smtpServer();
    const mailbox = await connect('sara@hirebox.test', server.port);
    const [closed] = await findFreePorts(1);
    const unreachable = value(await engine.call(installationOwner, 'mailboxes:update-connection', { mailboxId: mailbox.id, imap: { host: '127.0.0.1', port: closed!, security: 'none' } }));
    expect(unreachable.saved).toBe(false);
    expect(value(await engine.call(installationOwner, 'mailboxes:connection', { mailboxId: mailbox.id })).imap.port).toBe(dovecot.imapPort);
    const proxy = await startTcpProxy(dovecot.imapPort);
    proxies.push(proxy);
    const moved = value(await engine.call(installationOwner, 'mailboxes:update-connection', { mailboxId: mailbox.id, imap: { host: '127.0.0.1', port: proxy.port, security: 'none' } }));
    expect(moved.saved).toBe(true);
    expect(value(await engine.call(installationOwner, 'mailboxes:connection', { mailboxId: mailbox.id }))).toEqual({
      provider: 'imap',
      userName: 'sara@hirebox.test',
      imap: { host: '127.0.0.1', port: proxy.port, security: 'none' },
      smtp: { host: '127.0.0.1', port: server.port, security: 'none' },
    });
    // The password never travels back.
    expect(JSON.stringify(value(await engine.call(installationOwner, 'mailboxes:connection', { mailboxId: mailbox.id })))).not.toContain('sara-password');
  });
});

describe('a paused mailbox (follow-ups of issues 6–10)', () => {
  const status = async (mailboxId: string) => value(await engine.call(installationOwner, 'mailboxes:list', { limit: 100 })).items.find((entry) => entry.id === mailboxId)!.status;

  it('still sends: pausing stops reading mail, not mail the user chose to send; it stays paused', async () => {
    const server = await smtpServer();
    const mailbox = await connect('nina@hirebox.test', server.port);
    value(await engine.call(installationOwner, 'mailboxes:pause', { mailboxId: mailbox.id }));
    const queued = value(await send(mailbox, { subject: 'Sent while paused' }));
    await until(queued.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(1);
    // The Sent copy is filed (R1) and the mail is in its thread; sync itself stays paused.
    expect(await copiesIn('nina@hirebox.test', 'Sent', queued.messageId)).toHaveLength(1);
    expect(await status(mailbox.id)).toEqual({ state: 'paused' });
  });

  it('whose SMTP login is refused is held as auth-required, not retried', async () => {
    const server = await smtpServer();
    const mailbox = await connect('otto@hirebox.test', server.port);
    value(await engine.call(installationOwner, 'mailboxes:pause', { mailboxId: mailbox.id }));
    server.refuseLogins(true);
    const queued = value(await send(mailbox, { subject: 'Refused while paused' }));
    const deadline = Date.now() + 15_000;
    while ((await status(mailbox.id)).state !== 'auth-required' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await status(mailbox.id)).toEqual({ state: 'auth-required', kind: 'password-rejected' });
    const tried = server.logins.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.logins).toHaveLength(tried);
    expect((await item(queued.id)).state).toEqual({ state: 'queued' });
    // The outbox says why it waits: for the user to sign in again, not for a time.
    expect((await item(queued.id)).waiting).toEqual({ reason: 'sign-in-needed', nextAttemptAt: null });
    server.refuseLogins(false);
    value(await engine.call(installationOwner, 'mailboxes:resume', { mailboxId: mailbox.id }));
    await until(queued.id, ['filed']);
    expect(server.dataTransactions).toHaveLength(1);
  });
});
