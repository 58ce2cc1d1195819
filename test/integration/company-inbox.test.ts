import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import type { MailboxSummary, OutboxItemView } from '../../shared/model.js';
import { installationOwner, type Caller } from '../../electron/core/api/caller.js';
import type { Engine } from '../../electron/core/engine.js';
import { addTeamMember, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { cvBytes, forwardedCvMail } from '../support/forwarded-cv.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer, startTcpProxy, type Dovecot, type SmtpServer, type TcpProxy } from '../support/mail-servers/index.js';

// The company inbox (issue 21, R13) through the contract, against a real Dovecot: an admin
// marks jobs@ as the company inbox; its members see the intake (mail no candidate has, with a
// CV or a forward), read live and never stored; "create candidate from this mail" takes the
// original sender and stores that mail, linked, with its CV. Then R12 with a company inbox
// (waiting mail goes from jobs@, answers to the address chosen) and the handover.

const jobs = 'jobs@hirebox.test';
let dovecot: Dovecot;
let subject: TestEngine;
let engine: Engine;
let company: MailboxSummary;
let member: Caller;
let memberEmail: string;
let memberId: string;
let outsider: Caller;
let outsiderId: string;
let manager: Caller;
let jobId: string;
let jobsSmtp: SmtpServer;
const closers: { close(): Promise<unknown> }[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({
    users: [
      { name: jobs, password: 'jobs-password' },
      { name: 'rita@hirebox.test', password: 'rita-password' },
    ],
  });
  subject = openTestEngine({ sync: { pollIntervalMs: 200 } });
  engine = subject.engine;
  value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
  value(await engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
  const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
  const other = await addTeamMember(engine, 'recruiter', 'Otto Other');
  const hiring = await addTeamMember(engine, 'hiring-manager', 'Hanna Manager');
  [member, memberId, memberEmail] = [recruiter.caller, recruiter.user.id, recruiter.user.email];
  [outsider, outsiderId] = [other.caller, other.user.id];
  manager = hiring.caller;
  jobId = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer', teamUserIds: [hiring.user.id] })).id;
  value(await engine.call(installationOwner, 'candidates:create', { name: 'Bob Known', addresses: ['bob@example.net'], applications: [{ jobId }] }));
  const deliver = (raw: string) => deliverByLmtp(dovecot, { from: 'someone@example.org', to: [jobs], raw });
  // A colleague forwards a CV (Gmail), another forwards the applicant's mail as an attachment (Outlook).
  await deliver(forwardedCvMail({ forwarder: { name: 'Rita Recruiter', address: memberEmail }, original: { name: 'Anna Schmidt', address: 'anna.schmidt@example.org' }, to: jobs, subject: 'Application Backend Engineer', messageId: 'fwd-anna@acme.test' }));
  await deliver(forwardedCvMail({ forwarder: { name: 'Otto Other', address: 'otto.other@acme.com' }, original: { name: 'Kim Lee', address: 'kim.lee@example.com' }, to: jobs, subject: 'Bewerbung', messageId: 'fwd-kim@acme.test', layout: 'attached' }));
  // A colleague's forward of a colleague's mail: the original sender is an own address (R4).
  await deliver(forwardedCvMail({ forwarder: { name: 'Otto Other', address: 'otto.other@acme.com' }, original: { name: 'Olivia Owner', address: 'olivia@acme.com' }, to: jobs, subject: 'Referral', messageId: 'fwd-olivia@acme.test' }));
  // Not intake: a plain question without attachment, and a known candidate's CV (linked by sync).
  await deliver(buildMessage({ from: 'Newsletter <news@example.org>', to: jobs, subject: 'Our newsletter', date: new Date(), messageId: 'news@example.org', body: 'Nothing attached.' }));
  await deliver(forwardedCvMail({ forwarder: { name: 'Bob Known', address: 'bob@example.net' }, original: { name: 'Bob Known', address: 'bob@example.net' }, to: jobs, subject: 'My CV again', messageId: 'bob-cv@example.net' }));
  jobsSmtp = await startSmtpServer(dovecot);
  closers.push(jobsSmtp);
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await Promise.all(closers.map((closer) => closer.close()));
  await dovecot?.stop();
});

describe('the company inbox', () => {
  it('is one shared inbox, chosen by an admin', async () => {
    company = value(
      await engine.call(installationOwner, 'mailboxes:connect', {
        address: jobs,
        displayName: 'Acme Jobs',
        userName: jobs,
        password: 'jobs-password',
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
        smtp: { host: '127.0.0.1', port: jobsSmtp.port, security: 'none' },
        shared: { memberIds: [memberId] },
      }),
    );
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: company.id }));
    expect(await engine.call(member, 'mailboxes:set-company-inbox', { mailboxId: company.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value(await engine.call(installationOwner, 'mailboxes:set-company-inbox', { mailboxId: company.id }))).toEqual({ companyInboxId: company.id });
    const listed = value(await engine.call(member, 'mailboxes:list', { limit: 50 })).items.find((mailbox) => mailbox.id === company.id);
    expect(listed?.isCompanyInbox).toBe(true);
  });

  it('lists its intake to members only: forwards and CVs no candidate has, nothing stored', async () => {
    const stored = engine.store.messages.findByDedupeKey('mid:fwd-anna@acme.test');
    expect(stored).toBeNull();
    const intake = value(await engine.call(member, 'intake:list', {}));
    expect(intake.companyInbox).toMatchObject({ id: company.id, address: jobs });
    const byName = Object.fromEntries(intake.items.map((item) => [item.originalSender?.name ?? item.subject, item]));
    expect(Object.keys(byName).sort()).toEqual(['Anna Schmidt', 'Kim Lee', 'Olivia Owner']);
    expect(byName['Anna Schmidt']).toMatchObject({ subject: 'Fwd: Application Backend Engineer', from: { address: memberEmail }, originalSender: { address: 'anna.schmidt@example.org' }, hasAttachment: true, isForward: true });
    // Outlook's "forward as attachment": the attached message's From, within the peek.
    expect(byName['Kim Lee']).toMatchObject({ subject: 'Fwd: Bewerbung', originalSender: { address: 'kim.lee@example.com' }, hasAttachment: true, isForward: true });
    // Listing stored nothing (R2, R3).
    expect(engine.store.messages.findByDedupeKey('mid:fwd-anna@acme.test')).toBeNull();
    expect(engine.store.messages.findByDedupeKey('mid:bob-cv@example.net')).not.toBeNull();
    for (const caller of [outsider, manager]) expect(value(await engine.call(caller, 'intake:list', {}))).toMatchObject({ companyInbox: null, items: [] });
  });

  it('reads one mail for the form: the original sender, R4 and R5, the CV — for members only', async () => {
    const items = value(await engine.call(member, 'intake:list', {})).items;
    const anna = items.find((item) => item.originalSender?.name === 'Anna Schmidt')!;
    const kim = items.find((item) => item.subject === 'Fwd: Bewerbung')!;
    const olivia = items.find((item) => item.originalSender?.name === 'Olivia Owner')!;
    expect(value(await engine.call(member, 'intake:read', { key: anna.key }))).toMatchObject({
      name: 'Anna Schmidt',
      address: 'anna.schmidt@example.org',
      source: 'forwarded-block',
      ownAddress: null,
      internal: false,
      existingCandidate: null,
      attachments: [{ fileName: 'CV.pdf', mimeType: 'application/pdf' }],
    });
    expect(value(await engine.call(member, 'intake:read', { key: kim.key }))).toMatchObject({ name: 'Kim Lee', address: 'kim.lee@example.com', source: 'attached-message' });
    // An own address is not offered (R4): the form starts empty and says why.
    expect(value(await engine.call(member, 'intake:read', { key: olivia.key }))).toMatchObject({ name: '', address: null, ownAddress: 'olivia@acme.com' });
    for (const caller of [outsider, manager]) expect(await engine.call(caller, 'intake:read', { key: anna.key })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('creates the candidate from the mail: the mail stored, linked, with its CV on the profile', async () => {
    const anna = value(await engine.call(member, 'intake:list', {})).items.find((item) => item.originalSender?.name === 'Anna Schmidt')!;
    expect(await engine.call(outsider, 'intake:create-candidate', { key: anna.key, name: 'Anna Schmidt', addresses: ['anna.schmidt@example.org'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await engine.call(manager, 'intake:create-candidate', { key: anna.key, name: 'Anna Schmidt', addresses: ['anna.schmidt@example.org'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // R4: an own address is refused, and nothing is created or stored.
    expect(await engine.call(member, 'intake:create-candidate', { key: anna.key, name: 'Anna Schmidt', addresses: ['olivia@acme.com'] })).toMatchObject({ ok: false, error: { code: 'own-address' } });
    expect(engine.store.messages.findByDedupeKey('mid:fwd-anna@acme.test')).toBeNull();

    const created = value(await engine.call(member, 'intake:create-candidate', { key: anna.key, name: 'Anna Schmidt', addresses: ['anna.schmidt@example.org'], applications: [{ jobId }] }));
    expect(created.candidate).toMatchObject({ name: 'Anna Schmidt', addresses: [{ address: 'anna.schmidt@example.org' }] });
    expect(created.candidate.applications.map((application) => application.jobId)).toEqual([jobId]);
    const onProfile = value(await engine.call(member, 'inbox:list', { limit: 50, candidateId: created.candidate.id })).items;
    expect(onProfile.map((thread) => thread.id)).toEqual([created.threadId]);
    expect(onProfile[0]).toMatchObject({ hasAttachments: true, candidates: [{ name: 'Anna Schmidt', reason: 'forward' }] });
    const detail = value(await engine.call(member, 'threads:get', { threadId: created.threadId }));
    const cv = detail.messages[0]!.attachments.find((attachment) => attachment.fileName === 'CV.pdf')!;
    const blob = value(await engine.call(member, 'attachments:open', { attachmentId: cv.id }));
    expect(engine.blobs.fetch(memberId, blob.blobId)?.data.equals(cvBytes('Anna Schmidt'))).toBe(true);
    // It left the intake; the same mail cannot make a second candidate.
    expect(value(await engine.call(member, 'intake:list', {})).items.some((item) => item.key === anna.key)).toBe(false);
    expect(await engine.call(member, 'intake:create-candidate', { key: anna.key, name: 'Anna Again', addresses: ['anna.again@example.org'] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The shared inbox's mail stays the members': the outsider does not see the thread.
    expect(await engine.call(outsider, 'threads:get', { threadId: created.threadId })).toMatchObject({ ok: false });
  });

  it('flags an internal address (R5) and names a candidate who has the address already', async () => {
    const kim = value(await engine.call(member, 'intake:list', {})).items.find((item) => item.subject === 'Fwd: Bewerbung')!;
    value(await engine.call(installationOwner, 'candidates:create', { name: 'Kim L.', addresses: ['kim.lee@example.com'] }));
    expect(value(await engine.call(member, 'intake:read', { key: kim.key })).existingCandidate).toMatchObject({ name: 'Kim L.' });
    expect(await engine.call(member, 'intake:create-candidate', { key: kim.key, name: 'Kim Lee', addresses: ['kim.lee@example.com'] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const created = value(await engine.call(installationOwner, 'intake:create-candidate', { key: kim.key, name: 'Kim Lee', addresses: ['kim.lee@acme.com'] }));
    expect(created.candidate.internal).toBe(true);
  });
});

describe('unlinking a mailbox with a company inbox (R12)', () => {
  it('sends the waiting mail from the company inbox, with the Reply-To the user chose, after they confirm', async () => {
    const smtp = await startSmtpServer(dovecot);
    closers.push(smtp);
    const proxy: TcpProxy = await startTcpProxy(smtp.port);
    closers.push(proxy);
    const own = value(
      await engine.call(member, 'mailboxes:connect', {
        address: 'rita@hirebox.test',
        userName: 'rita@hirebox.test',
        password: 'rita-password',
        imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
        smtp: { host: '127.0.0.1', port: proxy.port, security: 'none' },
      }),
    );
    await proxy.goOffline();
    const candidateId = value(await engine.call(member, 'candidates:list', { limit: 50 })).items.find((candidate) => candidate.name === 'Anna Schmidt')!.id;
    const queued = value(await engine.call(member, 'outbox:send', { mailboxId: own.id, candidateId, to: ['anna.schmidt@example.org'], subject: 'Your interview', body: 'Dear Anna,\nsee you Monday.' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const item = async (): Promise<OutboxItemView> => value(await engine.call(member, 'outbox:list', { limit: 50 })).items.find((entry) => entry.id === queued.id)!;
    expect((await item()).state.state).toBe('queued');
    // One choice at a time: another mailbox, or the company inbox.
    expect(await engine.call(member, 'mailboxes:disconnect', { mailboxId: own.id, moveQueuedTo: company.id, viaCompanyInbox: { replyTo: 'rita.private@example.net' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    value(await engine.call(member, 'mailboxes:disconnect', { mailboxId: own.id, viaCompanyInbox: { replyTo: 'rita.private@example.net' } }));
    const deadline = Date.now() + 15_000;
    while (!['filed', 'accepted'].includes((await item()).state.state) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await item()).mailboxId).toBe(company.id);
    const transaction = jobsSmtp.dataTransactions.find((entry) => entry.raw.includes('Your interview'));
    expect(transaction).toBeDefined();
    const wire = await simpleParser(transaction!.raw);
    expect(wire.from?.value[0]).toMatchObject({ address: jobs, name: 'Acme Jobs' });
    expect(wire.replyTo?.value[0]?.address).toBe('rita.private@example.net');
    expect(smtp.dataTransactions.filter((entry) => entry.raw.includes('Your interview'))).toHaveLength(0);
  });
});

describe('handover (issue 21 item 5)', () => {
  it('gives a leaving user’s assigned conversations to a colleague who may see them, and says what it did', async () => {
    const threadId = value(await engine.call(member, 'inbox:list', { limit: 50, mailboxId: company.id })).items.find((thread) => thread.subject.includes('Application Backend'))!.id;
    value(await engine.call(member, 'threads:assign', { threadId, userId: memberId }));
    expect(await engine.call(member, 'team:handover', { fromUserId: memberId, toUserId: outsiderId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Otto is not on the company inbox's list: the thread is left with nobody, and listed.
    const toOutsider = value(await engine.call(installationOwner, 'team:handover', { fromUserId: memberId, toUserId: outsiderId }));
    expect(toOutsider).toMatchObject({ fromUser: { name: 'Rita Recruiter' }, toUser: { name: 'Otto Other' }, threads: [], unassigned: [{ id: threadId, subject: 'Fwd: Application Backend Engineer' }] });
    expect(value(await engine.call(installationOwner, 'threads:team', { threadId })).assignee).toBeNull();
    value(await engine.call(member, 'threads:assign', { threadId, userId: memberId }));
    const owner = engine.userOf(installationOwner)!;
    const toOwner = value(await engine.call(installationOwner, 'team:handover', { fromUserId: memberId, toUserId: owner.id }));
    expect(toOwner.threads).toEqual([{ id: threadId, subject: 'Fwd: Application Backend Engineer', candidates: ['Anna Schmidt'] }]);
    expect(value(await engine.call(installationOwner, 'inbox:list', { limit: 50, assignedToMe: true })).items.map((thread) => thread.id)).toEqual([threadId]);
    expect(value(await engine.call(member, 'inbox:list', { limit: 50, assignedToMe: true })).items).toEqual([]);
  });
});
