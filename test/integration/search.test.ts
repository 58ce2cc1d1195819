import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/core/api/caller.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import type { CandidateProfile, JobDetail, MailboxSummary, SearchHit } from '../../shared/model.js';
import type { InputOf } from '../../shared/contract.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Search through the contract against mail synced from a real Dovecot: subject, body,
// addresses and attachment names, the filters, paging, and the visibility rule — a hiring
// manager never finds a candidate outside their jobs.

const owner = 'alice@hirebox.test';
const ago = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let backend: JobDetail;
let sales: JobDetail;
let anna: CandidateProfile;
let bernd: CandidateProfile;
let manager: Caller;

function withAttachment(options: { from: string; subject: string; date: Date; body: string; fileName: string; messageId: string }): string {
  const boundary = 'search-b1';
  return [
    `From: ${options.from}`,
    `To: Alice Owner <${owner}>`,
    `Subject: ${options.subject}`,
    `Date: ${options.date.toUTCString()}`,
    `Message-ID: <${options.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    `--${boundary}`,
    `Content-Type: application/pdf; name="${options.fileName}"`,
    `Content-Disposition: attachment; filename="${options.fileName}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4').toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const hank = await addTeamMember(subject.engine, 'hiring-manager', 'Hank Manager');
  manager = hank.caller;
  backend = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer', teamUserIds: [hank.user.id] }));
  sales = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Sales Lead' }));
  anna = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: backend.id }] }));
  bernd = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Bernd Birne', addresses: ['bernd@example.net'], applications: [{ jobId: sales.id }] }));
  writeMaildirMessages(dovecot, owner, 'INBOX', [
    {
      internalDate: ago(3),
      raw: buildMessage({ from: { name: 'Anna Apfel', address: 'anna@example.org' }, to: owner, subject: 'Termin', date: ago(3), messageId: '<talk@test>', body: 'Ich freue mich auf das Gespräch am Montag.' }),
    },
    {
      internalDate: ago(2),
      raw: withAttachment({ from: 'Bernd Birne <bernd@example.net>', subject: 'Unterlagen Vertrieb', date: ago(2), body: 'Anbei mein Lebenslauf.', fileName: 'Portfolio_Bernd.pdf', messageId: 'bernd-docs@test' }),
    },
    {
      internalDate: ago(4),
      raw: buildMessage({ from: { name: 'Vertrieb Sommer', address: 'bernd@example.net' }, to: owner, subject: 'Zqxsommerfest', date: ago(4), messageId: '<party@test>', body: 'Alle sind eingeladen.' }),
    },
    {
      internalDate: ago(1),
      raw: withAttachment({ from: 'Anna Apfel <anna@example.org>', subject: 'Unterlagen', date: ago(1), body: 'Anbei meine Zeugnisse.', fileName: 'Portfolio_Zqxmarke.pdf', messageId: 'anna-docs@test' }),
    },
  ]);
  mailbox = await connectDovecotMailbox(subject.engine, dovecot);
  value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

async function search(caller: Caller, input: InputOf<'messages:search'>): Promise<SearchHit[]> {
  return value(await subject.engine.call(caller, 'messages:search', input)).items;
}

const subjects = (hits: SearchHit[]) => hits.map((hit) => hit.subject);

describe('messages:search', () => {
  it('finds a word that appears only in the name of an attachment', async () => {
    const [hit, ...rest] = await search(installationOwner, { text: 'zqxmarke' });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      subject: 'Unterlagen',
      from: { name: 'Anna Apfel', address: 'anna@example.org' },
      attachmentNames: ['Portfolio_Zqxmarke.pdf'],
      hasAttachments: true,
      candidates: [{ id: anna.id, name: 'Anna Apfel' }],
      mailboxId: mailbox.id,
    });
    expect(hit?.excerpt).toBe('Anbei meine Zeugnisse.');
    const thread = value(await subject.engine.call(installationOwner, 'threads:get', { threadId: hit!.threadId }));
    expect(thread.messages.map((message) => message.id)).toContain(hit!.messageId);
  });

  it('finds by prefix as you type, without case or accents, by address and name, newest first', async () => {
    expect(subjects(await search(installationOwner, { text: 'gespr' }))).toEqual(['Termin']);
    expect(subjects(await search(installationOwner, { text: 'GESPRACH' }))).toEqual(['Termin']);
    expect(subjects(await search(installationOwner, { text: 'anna@example.org' }))).toEqual(['Unterlagen', 'Termin']);
    expect(subjects(await search(installationOwner, { text: 'birne' }))).toEqual(['Unterlagen Vertrieb']);
    expect(subjects(await search(installationOwner, { text: 'unterlagen portfolio' }))).toEqual(['Unterlagen', 'Unterlagen Vertrieb']);
    expect(await search(installationOwner, { text: '"portfolio bernd" zeugnisse' })).toEqual([]);
    expect(await search(installationOwner, { text: ' *"() ' })).toEqual([]);
  });

  it('as a hiring manager finds nothing of a candidate outside their jobs', async () => {
    expect(subjects(await search(manager, { text: 'portfolio' }))).toEqual(['Unterlagen']);
    expect(subjects(await search(manager, { text: 'anbei' }))).toEqual(['Unterlagen']);
    for (const text of ['bernd', 'birne', 'vertrieb', 'lebenslauf', 'example.net']) expect(await search(manager, { text }), text).toEqual([]);
    expect(await search(manager, { text: 'unterlagen', candidateId: bernd.id })).toEqual([]);
    expect(await search(manager, { text: 'unterlagen', jobId: sales.id })).toEqual([]);
    // The same searches as the owner do find Bernd: the rule, not the data, hides him.
    expect(subjects(await search(installationOwner, { text: 'unterlagen', candidateId: bernd.id }))).toEqual(['Unterlagen Vertrieb']);
  });

  it("as a hiring manager never finds mail outside their jobs, as links come and go", async () => {
    // Bernd's mail (Sales, not Hank's job) is in the index, as every linked thread is; the rule hides it.
    const [hit] = await search(installationOwner, { text: 'zqxsommerfest' });
    expect(hit?.candidates).toEqual([{ id: bernd.id, name: 'Bernd Birne' }]);
    for (const text of ['zqxsommerfest', 'eingeladen', 'bernd', 'example.net']) expect(await search(manager, { text }), text).toEqual([]);
    expect(await search(manager, { text: 'zqxsommerfest', jobId: sales.id })).toEqual([]);
    expect(await search(manager, { text: 'zqxsommerfest', candidateId: bernd.id })).toEqual([]);

    // Linked to Anna as well (Hank's job): now he finds it; unlinked from her again, he does not.
    value(await subject.engine.call(installationOwner, 'messages:link', { messageId: hit!.messageId, candidateId: anna.id }));
    expect(subjects(await search(manager, { text: 'eingeladen' }))).toEqual(['Zqxsommerfest']);
    value(await subject.engine.call(installationOwner, 'messages:unlink', { messageId: hit!.messageId, candidateId: anna.id }));
    expect(await search(manager, { text: 'eingeladen' })).toEqual([]);

    // Linked to nobody, the mail leaves the index: not even the owner finds it (and the paging test below never sees it).
    value(await subject.engine.call(installationOwner, 'messages:unlink', { messageId: hit!.messageId, candidateId: bernd.id }));
    expect(await search(installationOwner, { text: 'zqxsommerfest' })).toEqual([]);
    const db = new Sqlite(path.join(subject.dataFolder, 'hirebox.db'), { readonly: true });
    const row = db.prepare<[string], { search_indexed: number }>('SELECT search_indexed FROM messages WHERE id = ?').get(hit!.messageId);
    db.close();
    expect(row === undefined || row.search_indexed === 0).toBe(true);
  });

  it('narrows by job, candidate, mailbox, attachment and date', async () => {
    expect(subjects(await search(installationOwner, { text: 'unterlagen', jobId: sales.id }))).toEqual(['Unterlagen Vertrieb']);
    expect(subjects(await search(installationOwner, { text: 'anna', candidateId: anna.id, hasAttachments: true }))).toEqual(['Unterlagen']);
    expect(subjects(await search(installationOwner, { text: 'anna', mailboxId: mailbox.id }))).toEqual(['Unterlagen', 'Termin']);
    expect(await search(installationOwner, { text: 'anna', mailboxId: crypto.randomUUID() })).toEqual([]);
    const between = { since: ago(2.5).toISOString(), until: ago(1.5).toISOString() };
    expect(subjects(await search(installationOwner, { text: 'unterlagen', ...between }))).toEqual(['Unterlagen Vertrieb']);
    expect(subjects(await search(installationOwner, { text: 'anna', since: ago(0.5).toISOString() }))).toEqual([]);
    expect(await subject.engine.call(installationOwner, 'messages:search', { text: 'anna', since: ago(1).toISOString(), until: ago(2).toISOString() })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'until' },
    });
  });

  it('pages by key, newest first', async () => {
    const first = value(await subject.engine.call(installationOwner, 'messages:search', { text: 'example', limit: 2 }));
    expect(subjects(first.items)).toEqual(['Unterlagen', 'Unterlagen Vertrieb']);
    const second = value(await subject.engine.call(installationOwner, 'messages:search', { text: 'example', limit: 2, cursor: first.nextCursor! }));
    expect(subjects(second.items)).toEqual(['Termin']);
    expect(second.nextCursor).toBeNull();
  });
});
