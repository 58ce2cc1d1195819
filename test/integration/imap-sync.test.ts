import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, SyncRunSummary, ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, setUpWorkspace, value, type TestEngine } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';
import { describeTraces, findTraces } from '../support/trace-scan.js';

// IMAP sync I through the contract against a real Dovecot: connect, scan header first,
// link exactly as PRODUCT.md's Matching says, thread, and never store anything twice.

const hour = 60 * 60 * 1000;
const now = new Date();
const ago = (hours: number) => new Date(now.getTime() - hours * hour);

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let firstSync: SyncRunSummary;
const candidates: Record<string, CandidateProfile> = {};


const owner = 'alice@hirebox.test';

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } });
  const colleague = await addTeamMember(subject.engine, 'recruiter', 'Carl Colleague');
  const open = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const archived = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Old Job' }));
  for (const [key, name, address, jobId] of [
    ['anna', 'Anna Apfel', 'anna@example.org', open.id],
    ['bert', 'Bert Birne', 'bert@example.org', open.id],
    ['otto', 'Otto Old', 'otto@example.org', archived.id],
    ['ingrid', 'Ingrid Intern', 'ingrid@sub.hirebox.test', open.id],
    ['dora', 'Dora Display', 'dora@example.org', open.id],
  ] as const) {
    candidates[key] = value(await subject.engine.call(installationOwner, 'candidates:create', { name, addresses: [address], applications: [{ jobId }] }));
  }
  value(await subject.engine.call(installationOwner, 'jobs:archive', { jobId: archived.id }));

  const colleagueAddress = colleague.user.email;
  const message = (id: string, fields: Partial<Parameters<typeof buildMessage>[0]> & { date: Date }) =>
    buildMessage({ from: 'someone@example.net', to: owner, subject: id, body: `Body of ${id}`, messageId: `${id}@test`, ...fields });
  writeMaildirMessages(dovecot, owner, 'INBOX', [
    { internalDate: ago(2), raw: message('from-anna', { from: 'Anna Apfel <anna@example.org>', date: ago(2) }) },
    { internalDate: ago(3), raw: message('cc-bert', { cc: 'bert@example.org', date: ago(3) }) },
    { internalDate: ago(4), raw: message('colleague-only', { from: colleagueAddress, date: ago(4) }) },
    { internalDate: ago(5), raw: message('archived-otto', { from: 'otto@example.org', date: ago(5) }) },
    { internalDate: ago(6), raw: message('internal-ingrid', { from: 'ingrid@sub.hirebox.test', date: ago(6) }) },
    { internalDate: ago(7), raw: message('display-name-only', { from: '"dora@example.org" <stranger@example.net>', date: ago(7) }) },
    { internalDate: ago(8), raw: message('group-address', { from: 'anna@example.org', to: 'undisclosed-recipients:;', date: ago(8) }) },
    { internalDate: ago(30), raw: message('too-old', { from: 'anna@example.org', date: ago(30) }) },
    { internalDate: ago(1), raw: message('reply-to-anna', { from: 'someone@example.net', inReplyTo: 'from-anna@test', references: 'from-anna@test', date: ago(1) }) },
  ]);
  writeMaildirMessages(dovecot, owner, 'Archive', [{ internalDate: ago(2), raw: message('in-archive', { from: 'anna@example.org', date: ago(2) }) }]);
  writeMaildirMessages(dovecot, owner, 'Sent', [
    { internalDate: ago(2), raw: message('sent-to-anna', { from: owner, to: 'anna@example.org', date: ago(2) }) },
  ]);

  mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
  firstSync = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

async function threads(): Promise<ThreadSummary[]> {
  return value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 100 })).items;
}

describe('connect', () => {
  it('scans INBOX and the \\Sent folder only, and says so', async () => {
    const folders = value(await subject.engine.call(installationOwner, 'mailboxes:folders', { mailboxId: mailbox.id }));
    expect(folders.filter((folder) => folder.scanned).map((folder) => [folder.path, folder.role])).toEqual([
      ['INBOX', 'inbox'],
      ['Sent', 'sent'],
    ]);
    expect(folders.find((folder) => folder.path === 'Archive')?.scanned).toBe(false);
  });

  it('refuses a second connection of the same address (R8) and a wrong password, saving nothing', async () => {
    const again = await subject.engine.call(installationOwner, 'mailboxes:connect', {
      address: owner, userName: owner, password: 'alice-password',
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' }, smtp: { host: '127.0.0.1', port: 2525, security: 'none' },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', rule: 'R8' } });
    const wrong = await subject.engine.call(installationOwner, 'mailboxes:connect', {
      address: 'bob@hirebox.test', userName: 'bob@hirebox.test', password: 'not-bobs',
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' }, smtp: { host: '127.0.0.1', port: 2525, security: 'none' },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth-required' } });
    const plainSmtp = await subject.engine.call(installationOwner, 'mailboxes:connect', {
      address: 'bob@hirebox.test', userName: 'bob@hirebox.test', password: 'bob-password',
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' }, smtp: { host: 'smtp.example.com', port: 25, security: 'none' },
    });
    expect(plainSmtp).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'smtp.security' } });
    expect(value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items.map((item) => item.address)).toEqual([owner]);
  });

  it('reports the mailbox up to date after the scan (R14)', async () => {
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.status).toEqual({ state: 'up-to-date' });
    expect(listed?.lastSyncedAt).not.toBeNull();
  });
});

describe('matching (PRODUCT.md "Matching")', () => {
  it('links exactly the mail the rules link, with the right candidate', async () => {
    const subjects = (await threads()).flatMap((thread) => thread.candidates.map((candidate) => `${thread.subject} → ${candidate.name} (${candidate.reason})`)).sort();
    expect(subjects).toEqual([
      'cc-bert → Bert Birne (address)',
      'from-anna → Anna Apfel (address)',
      'group-address → Anna Apfel (address)',
      'sent-to-anna → Anna Apfel (address)',
    ]);
  });

  it('reads headers first and fetches a body only for the mail it links (R2)', () => {
    // In the window: 9 in INBOX (one too old is filtered out) and 1 in Sent; 5 of them link.
    expect(firstSync).toMatchObject({ headersScanned: 9, messagesStored: 5, bodiesFetched: 5, forwardPeeks: 0 });
  });

  it('threads a reply from a stranger with the mail it answers (reply-chain)', async () => {
    const annasThread = (await threads()).find((thread) => thread.subject === 'from-anna');
    expect(annasThread?.messageCount).toBe(2);
  });

  it('adds nothing twice when the scan runs again', async () => {
    const before = await threads();
    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(summary.messagesStored).toBe(0);
    expect(summary.bodiesFetched).toBe(0);
    expect(await threads()).toEqual(before);
  });
});

describe('links by hand', () => {
  it('lets nobody link a mail they cannot see to a candidate they can', async () => {
    const manager = await addTeamMember(subject.engine, 'hiring-manager', 'Hank Manager');
    const own = value(await subject.engine.call(installationOwner, 'jobs:create', { title: "Hank's team", teamUserIds: [manager.user.id] }));
    value(await subject.engine.call(installationOwner, 'applications:add', { candidateId: candidates.anna!.id, jobId: own.id }));
    // cc-bert is linked to Bert only, whom Hank does not see; Anna he does.
    const messageId = subject.engine.store.messages.findByDedupeKey('mid:cc-bert@test')!.id;
    const result = await subject.engine.call(manager.caller, 'messages:link', { messageId, candidateId: candidates.anna!.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'messageId' } });
  });

  it('"not this candidate" unlinks and stays true after the next sync; a manual link adds a candidate', async () => {
    const thread = (await threads()).find((item) => item.subject === 'cc-bert')!;
    const messageId = subject.engine.store.messages.findByDedupeKey('mid:cc-bert@test')!.id;
    value(await subject.engine.call(installationOwner, 'messages:link', { messageId, candidateId: candidates.anna!.id }));
    value(await subject.engine.call(installationOwner, 'messages:unlink', { messageId, candidateId: candidates.bert!.id }));
    // Scan the folder from scratch: the exclusion is remembered by the mail's identity.
    const inbox = subject.engine.store.folders.list(mailbox.id).find((folder) => folder.path === 'INBOX')!;
    subject.engine.store.folders.saveCursor(inbox.id, { uidValidity: null, cursor: null });
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const again = (await threads()).find((item) => item.id === thread.id);
    expect(again?.candidates.map((candidate) => [candidate.name, candidate.reason])).toEqual([['Anna Apfel', 'manual']]);
  });

});

describe('"not this candidate" on mail no one else holds', () => {
  it('drops the mail from Hirebox (R3) and a rescan does not bring it back', async () => {
    const messageId = subject.engine.store.messages.findByDedupeKey('mid:group-address@test')!.id;
    value(await subject.engine.call(installationOwner, 'messages:unlink', { messageId, candidateId: candidates.anna!.id }));
    expect(subject.engine.store.messages.findByDedupeKey('mid:group-address@test')).toBeNull();
    expect((await threads()).some((thread) => thread.subject === 'group-address')).toBe(false);
    // The folder read from scratch: the mail is seen again, and the exclusion keeps it out.
    const inbox = subject.engine.store.folders.list(mailbox.id).find((folder) => folder.path === 'INBOX')!;
    subject.engine.store.folders.saveCursor(inbox.id, { uidValidity: null, cursor: null });
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(subject.engine.store.messages.findByDedupeKey('mid:group-address@test')).toBeNull();
    expect((await threads()).some((thread) => thread.subject === 'group-address')).toBe(false);
  });
});

describe('status events (R14)', () => {
  it('pushes syncing with progress, then up-to-date, and the threads with new mail, to the mailbox owner', async () => {
    const seen: string[] = [];
    const changed: string[] = [];
    const stop = subject.engine.subscribe(installationOwner, (event) => {
      if (event.name === 'mailbox:status') seen.push(event.payload.status.state);
      if (event.name === 'inbox:changed') changed.push(...event.payload.threadIds);
    });
    writeMaildirMessages(dovecot, owner, 'INBOX', [
      { internalDate: ago(0.6), raw: buildMessage({ from: 'anna@example.org', to: owner, subject: 'Noch eine Frage', body: '?', messageId: 'live@test', date: ago(0.6) }) },
    ]);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    stop();
    const thread = (await threads()).find((item) => item.subject === 'Noch eine Frage');
    expect(changed).toEqual([thread!.id]);
    expect(seen[0]).toBe('connecting');
    expect(seen).toContain('syncing');
    expect(seen.at(-1)).toBe('up-to-date');
  });
});

describe('a server without SPECIAL-USE', () => {
  it('finds the Sent folder by its German name and scans it', async () => {
    const plain = await startDovecot({ specialUse: false, mailboxes: [{ name: 'Gesendete Objekte' }, { name: 'Archiv' }] });
    const engine = openTestEngine();
    try {
      await setUpWorkspace(engine.engine);
      const job = value(await engine.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
      value(await engine.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
      writeMaildirMessages(plain, owner, 'Gesendete Objekte', [
        { internalDate: ago(1), raw: buildMessage({ from: owner, to: 'anna@example.org', subject: 'Einladung', body: 'Hallo Anna', date: ago(1) }) },
      ]);
      const connected = await connectDovecotMailbox(engine.engine, plain, owner);
      value(await engine.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: connected.id }));
      const folders = value(await engine.engine.call(installationOwner, 'mailboxes:folders', { mailboxId: connected.id }));
      expect(folders.find((folder) => folder.role === 'sent')).toMatchObject({ path: 'Gesendete Objekte', scanned: true });
      const listed = value(await engine.engine.call(installationOwner, 'inbox:list', {})).items;
      expect(listed.map((thread) => thread.subject)).toEqual(['Einladung']);
    } finally {
      await engine.dispose();
      await plain.stop();
    }
  }, 60_000);
});

describe('threads and forwards (PRODUCT.md "Thread", R6)', () => {
  it('keeps two replies to a mail Hirebox never stored in one thread, and starts a new one for a forward', async () => {
    writeMaildirMessages(dovecot, owner, 'INBOX', [
      { internalDate: ago(0.5), raw: buildMessage({ from: 'anna@example.org', to: owner, subject: 'Re: Ihre Stelle', body: 'Gern!', messageId: 'anna-answer@test', inReplyTo: 'never-stored@acme', references: 'never-stored@acme', date: ago(0.5) }) },
      { internalDate: ago(0.4), raw: buildMessage({ from: 'bert@example.org', to: owner, subject: 'AW: Ihre Stelle', body: 'Ja.', messageId: 'bert-answer@test', inReplyTo: 'never-stored@acme', references: 'never-stored@acme', date: ago(0.4) }) },
    ]);
    writeMaildirMessages(dovecot, owner, 'Sent', [
      {
        internalDate: ago(0.3),
        raw: buildMessage({
          from: owner,
          to: 'carl.colleague@acme.com',
          subject: 'WG: Bewerbung als Backend Engineer',
          messageId: 'forward-of-dora@test',
          references: 'dora-original@example.org',
          body: 'Schau mal.\n\n-------- Weitergeleitete Nachricht --------\nBetreff: Bewerbung\nDatum: Mon, 23 Nov 2026 10:00:00 +0100\nVon: Dora Display <dora@example.org>\nAn: jobs@hirebox.test\n\nAnbei mein Lebenslauf.',
          date: ago(0.3),
        }),
      },
    ]);
    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(summary.forwardPeeks).toBe(1);
    const all = await threads();
    const replies = all.find((thread) => thread.candidates.some((candidate) => candidate.name === 'Bert Birne') && thread.subject.includes('Ihre Stelle'));
    expect(replies?.messageCount).toBe(2);
    expect(replies?.candidates.map((candidate) => candidate.name).sort()).toEqual(['Anna Apfel', 'Bert Birne']);
    const forward = all.find((thread) => thread.subject.startsWith('WG:'));
    expect(forward?.candidates).toEqual([expect.objectContaining({ name: 'Dora Display', reason: 'forward' })]);
    expect(forward?.messageCount).toBe(1);
  });

  it("links a stranger's reply in INBOX to the user's own sent mail (Sent is read first)", async () => {
    writeMaildirMessages(dovecot, owner, 'INBOX', [
      { internalDate: ago(0.25), raw: buildMessage({ from: 'referee@example.net', to: owner, subject: 'Re: Referenz für Anna', body: 'Gern.', messageId: 'referee@test', inReplyTo: 'ask-referee@test', references: 'ask-referee@test', date: ago(0.25) }) },
    ]);
    writeMaildirMessages(dovecot, owner, 'Sent', [
      { internalDate: ago(0.26), raw: buildMessage({ from: owner, to: ['anna@example.org', 'referee@example.net'], subject: 'Referenz für Anna', body: 'Können Sie …', messageId: 'ask-referee@test', date: ago(0.26) }) },
    ]);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const thread = (await threads()).find((item) => item.subject === 'Referenz für Anna');
    expect(thread?.messageCount).toBe(2);
  });

  it('links a forward that carries the original as an attached message', async () => {
    const attached = buildMessage({ from: 'Dora Display <dora@example.org>', to: 'jobs@hirebox.test', subject: 'Bewerbung', body: 'CV anbei', messageId: 'dora-attached@example.org', date: ago(30) });
    const raw = [
      `From: ${owner}`,
      'To: carl.colleague@acme.com',
      'Subject: Fwd: Bewerbung',
      `Date: ${ago(0.22).toUTCString()}`,
      'Message-ID: <forward-attached@test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fw"',
      '',
      '--fw',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Siehe unten.',
      '--fw',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="Bewerbung.eml"',
      '',
      attached,
      '--fw--',
      '',
    ].join('\r\n');
    writeMaildirMessages(dovecot, owner, 'Sent', [{ internalDate: ago(0.22), raw }]);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const forward = (await threads()).find((thread) => thread.subject === 'Fwd: Bewerbung');
    expect(forward?.candidates).toEqual([expect.objectContaining({ name: 'Dora Display', reason: 'forward' })]);
  });

  it('reads encoded and 8-bit headers', async () => {
    writeMaildirMessages(dovecot, owner, 'INBOX', [
      {
        internalDate: ago(0.2),
        raw: buildMessage({ from: { name: 'Anna Äpfelbäum', address: 'anna@example.org' }, to: owner, subject: 'Grüße aus München – Bewerbung', body: 'Hallo', messageId: 'umlauts@test', date: ago(0.2) }),
      },
      {
        internalDate: ago(0.1),
        raw: Buffer.from(`From: Bert Bärtig <bert@example.org>\r\nTo: ${owner}\r\nSubject: Rückfrage zur Stelle\r\nDate: ${ago(0.1).toUTCString()}\r\nMessage-ID: <eight-bit@test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße\r\n`, 'utf8'),
      },
    ]);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const subjects = (await threads()).map((thread) => thread.subject);
    expect(subjects).toContain('Grüße aus München – Bewerbung');
    expect(subjects).toContain('Rückfrage zur Stelle');
  });
});

describe('attachments and deletion (R3)', () => {
  it('keeps an attachment as a content-hash file, and deleting the candidate leaves no trace of their mail', async () => {
    const cv = Buffer.from('%PDF-1.4 Lebenslauf von Anna zqx0attachmentmarker');
    const boundary = 'b1';
    const raw = [
      'From: Anna Apfel <anna@example.org>',
      `To: ${owner}`,
      'Subject: Mein Lebenslauf zqxsubjectmarker',
      `Date: ${ago(0.05).toUTCString()}`,
      'Message-ID: <cv@test>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Anbei mein Lebenslauf.',
      `--${boundary}`,
      'Content-Type: application/pdf; name="Lebenslauf.pdf"',
      'Content-Disposition: attachment; filename="Lebenslauf.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      cv.toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    writeMaildirMessages(dovecot, owner, 'INBOX', [{ internalDate: ago(0.05), raw }]);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    const thread = (await threads()).find((item) => item.subject.startsWith('Mein Lebenslauf'));
    expect(thread?.hasAttachments).toBe(true);
    const hash = createHash('sha256').update(cv).digest('hex');
    const file = path.join(subject.dataFolder, 'attachments', hash);
    expect(fs.readFileSync(file).equals(cv)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    value(await subject.engine.call(installationOwner, 'candidates:delete', { candidateId: candidates.anna!.id }));
    expect(fs.existsSync(file)).toBe(false);
    subject.engine.store.checkpoint();
    for (const marker of ['zqxsubjectmarker', 'zqx0attachmentmarker']) {
      expect(describeTraces(findTraces(subject.dataFolder, marker)), marker).toBe("");
    }
    // Mail linked to Bert as well stays for him.
    expect((await threads()).some((item) => item.candidates.some((candidate) => candidate.name === 'Bert Birne'))).toBe(true);
  });
});

describe('mailbox settings', () => {
  it('keeps a sender name and a signature, for the owner only', async () => {
    const updated = value(await subject.engine.call(installationOwner, 'mailboxes:update', { mailboxId: mailbox.id, displayName: 'Alice (Acme Recruiting)', signature: 'Alice Owner\r\nTalent Acquisition\r\n\r\n' }));
    expect(updated).toMatchObject({ displayName: 'Alice (Acme Recruiting)', signature: 'Alice Owner\nTalent Acquisition' });
    const colleague = await addTeamMember(subject.engine, 'admin', 'Ada Admin');
    expect(await subject.engine.call(colleague.caller, 'mailboxes:update', { mailboxId: mailbox.id, signature: 'hijacked' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await subject.engine.call(installationOwner, 'mailboxes:update', { mailboxId: mailbox.id, signature: 'x'.repeat(4001) })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'signature' } });
  });
});
