import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../shared/events.js';
import type { CandidateProfile, MailboxSummary, ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Inbox I through the contract against a real Dovecot: one thread with recipients and
// attachments, attachments as blobs (dangerous ones as octet-stream), read state per user
// with a pushed event, and the visibility rule on every channel.

const owner = 'alice@hirebox.test';
const ago = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let anna: CandidateProfile;

function multipart(parts: { name: string; type: string; content: Buffer }[]): string {
  const boundary = 'inbox-b1';
  return [
    'From: Anna Apfel <anna@example.org>',
    `To: Alice Owner <${owner}>`,
    'Cc: Carl <carl@example.net>',
    'Subject: Documents for my application',
    `Date: ${ago(1).toUTCString()}`,
    'Message-ID: <docs@test>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello Alice,\r\nhere are my documents.\r\n\r\n> earlier text',
    ...parts.flatMap((part) => [
      `--${boundary}`,
      `Content-Type: ${part.type}; name="${part.name}"`,
      `Content-Disposition: attachment; filename="${part.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      part.content.toString('base64'),
    ]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

const cv = Buffer.from('%PDF-1.4 the CV of Anna');
const program = Buffer.from('MZ not really a program');

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  anna = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
  writeMaildirMessages(dovecot, owner, 'INBOX', [
    {
      internalDate: ago(1),
      raw: multipart([
        { name: 'CV.pdf', type: 'application/pdf', content: cv },
        { name: 'setup.exe', type: 'application/pdf', content: program },
      ]),
    },
  ]);
  mailbox = await connectDovecotMailbox(subject.engine, dovecot);
  value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

async function onlyThread(): Promise<ThreadSummary> {
  const page = value(await subject.engine.call(installationOwner, 'inbox:list', {}));
  expect(page.items).toHaveLength(1);
  return page.items[0]!;
}

describe('the thread view through the contract', () => {
  it('gives the messages with sender, every recipient, text and attachments, and why they are linked', async () => {
    const thread = await onlyThread();
    expect(thread).toMatchObject({ subject: 'Documents for my application', hasAttachments: true, unread: true, waitingForReply: true, jobs: [{ title: 'Backend Engineer' }] });
    const detail = value(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id }));
    expect(detail.candidates).toEqual([{ id: anna.id, name: 'Anna Apfel', reason: 'address' }]);
    const [message] = detail.messages;
    expect(message?.from).toEqual([{ name: 'Anna Apfel', address: 'anna@example.org' }]);
    expect(message?.to).toEqual([{ name: 'Alice Owner', address: owner }]);
    expect(message?.cc).toEqual([{ name: 'Carl', address: 'carl@example.net' }]);
    expect(message?.text).toContain('here are my documents.\n\n> earlier text');
    expect(message?.attachments.map((attachment) => [attachment.fileName, attachment.stored])).toEqual([
      ['CV.pdf', true],
      ['setup.exe', true],
    ]);
  });

  it('hands attachments over as blobs; a type that runs code as application/octet-stream', async () => {
    const thread = await onlyThread();
    const detail = value(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id }));
    const [pdf, exe] = detail.messages[0]!.attachments;
    const user = subject.engine.userOf(installationOwner)!;
    const pdfBlob = value(await subject.engine.call(installationOwner, 'attachments:open', { attachmentId: pdf!.id }));
    expect(pdfBlob).toMatchObject({ fileName: 'CV.pdf', mimeType: 'application/pdf', size: cv.length });
    expect(subject.engine.blobs.fetch(user.id, pdfBlob.blobId)?.data.equals(cv)).toBe(true);
    const exeBlob = value(await subject.engine.call(installationOwner, 'attachments:open', { attachmentId: exe!.id }));
    expect(exeBlob).toMatchObject({ fileName: 'setup.exe', mimeType: 'application/octet-stream' });
  });

  it('keeps read state per user and tells the user’s windows', async () => {
    const thread = await onlyThread();
    const events: PushedEvent[] = [];
    const stop = subject.engine.subscribe(installationOwner, (event) => events.push(event));
    try {
      value(await subject.engine.call(installationOwner, 'threads:set-read', { threadId: thread.id, read: true }));
      expect((await onlyThread()).unread).toBe(false);
      expect(value(await subject.engine.call(installationOwner, 'inbox:list', { unread: true })).items).toEqual([]);
      value(await subject.engine.call(installationOwner, 'threads:set-read', { threadId: thread.id, read: false }));
      expect((await onlyThread()).unread).toBe(true);
      expect(events.filter((event) => event.name === 'inbox:changed').map((event) => event.payload)).toEqual([{ threadIds: [thread.id] }, { threadIds: [thread.id] }]);
    } finally {
      stop();
    }
  });

  it('refuses a thread and its attachments to a hiring manager who may not see the candidate', async () => {
    const thread = await onlyThread();
    const detail = value(await subject.engine.call(installationOwner, 'threads:get', { threadId: thread.id }));
    const manager = await addTeamMember(subject.engine, 'hiring-manager', 'Hanna Manager');
    expect(value(await subject.engine.call(manager.caller, 'inbox:list', {})).items).toEqual([]);
    for (const [channel, input] of [
      ['threads:get', { threadId: thread.id }],
      ['threads:set-read', { threadId: thread.id, read: true }],
      ['attachments:open', { attachmentId: detail.messages[0]!.attachments[0]!.id }],
    ] as const) {
      const result = await subject.engine.call(manager.caller, channel, input as never);
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('forbidden');
    }
  });
});

describe('pushed inbox:changed goes through visible() (follow-ups of issues 6–10)', () => {
  it('reaches who may see the thread, with only those threads; a colleague without access gets no push', async () => {
    const { engine } = subject;
    const inTeam = await addTeamMember(engine, 'hiring-manager', 'Ines Teammanager');
    const outsider = await addTeamMember(engine, 'hiring-manager', 'Otto Outsider');
    const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
    const platform = value(await engine.call(installationOwner, 'jobs:create', { title: 'Platform Engineer', teamUserIds: [inTeam.user.id] }));
    const sales = value(await engine.call(installationOwner, 'jobs:create', { title: 'Sales Lead' }));
    value(await engine.call(installationOwner, 'candidates:create', { name: 'Pia Plattform', addresses: ['pia@example.org'], applications: [{ jobId: platform.id }] }));
    value(await engine.call(installationOwner, 'candidates:create', { name: 'Sam Sales', addresses: ['sam@example.org'], applications: [{ jobId: sales.id }] }));
    const mail = (from: string, subjectLine: string, id: string) => ({
      internalDate: new Date(),
      raw: [`From: ${from}`, `To: Alice Owner <${owner}>`, `Subject: ${subjectLine}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${id}>`, '', 'Hello Alice', ''].join('\r\n'),
    });
    writeMaildirMessages(dovecot, owner, 'INBOX', [mail('Pia Plattform <pia@example.org>', 'Platform application', 'pia-1@test'), mail('Sam Sales <sam@example.org>', 'Sales application', 'sam-1@test')]);

    const heard = new Map<string, string[][]>();
    const stops = [
      ['owner', installationOwner],
      ['inTeam', inTeam.caller],
      ['outsider', outsider.caller],
      ['recruiter', recruiter.caller],
    ].map(([name, caller]) => {
      heard.set(name as string, []);
      return engine.subscribe(caller as typeof installationOwner, (event) => {
        if (event.name === 'inbox:changed') heard.get(name as string)!.push(event.payload.threadIds);
      });
    });
    try {
      value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    } finally {
      for (const stop of stops) stop();
    }
    const threads = value(await engine.call(installationOwner, 'inbox:list', {})).items;
    const pia = threads.find((thread) => thread.subject === 'Platform application')!.id;
    const sam = threads.find((thread) => thread.subject === 'Sales application')!.id;
    const all = (name: string) => new Set(heard.get(name)!.flat());
    // The owner of the mailbox and a recruiter see both candidates, so both threads.
    expect(all('owner')).toEqual(new Set([pia, sam]));
    expect(all('recruiter')).toEqual(new Set([pia, sam]));
    // A hiring manager on Pia's job hears of Pia's thread only, never of Sam's id.
    expect(heard.get('inTeam')!.length).toBeGreaterThan(0);
    expect(all('inTeam')).toEqual(new Set([pia]));
    // A hiring manager on neither job gets no push at all.
    expect(heard.get('outsider')).toEqual([]);
    // What they were told matches what they may list.
    expect(value(await engine.call(inTeam.caller, 'inbox:list', {})).items.map((thread) => thread.id)).toEqual([pia]);
  });
});
