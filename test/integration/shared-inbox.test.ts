import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../shared/events.js';
import type { MailboxSummary } from '../../shared/model.js';
import { installationOwner, type Caller } from '../../electron/core/api/caller.js';
import type { Engine } from '../../electron/core/engine.js';
import { addTeamMember, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { buildMessage, deliverByLmtp, startDovecot, startSmtpServer, type Dovecot } from '../support/mail-servers/index.js';

// A shared inbox (careers@, R13) through the contract as each user: the admin who connects
// it, a recruiter on its list, a recruiter who is not, and a hiring manager on the job. Its
// mail is matched like any other and shows only to members — inbox, thread, search, the
// candidate's profile, pushed events — and a member taken off the list loses it at once.

let dovecot: Dovecot;
let subject: TestEngine;
let engine: Engine;
let shared: MailboxSummary;
let member: Caller;
let outsider: Caller;
let manager: Caller;
let candidateId: string;
let memberId: string;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ name: 'careers@hirebox.test', password: 'careers-password' }] });
  subject = openTestEngine({ sync: { pollIntervalMs: 200 } });
  engine = subject.engine;
  value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['acme.com', 'hirebox.test'], owner: { name: 'Olivia Owner', email: 'olivia@acme.com' } }));
  const recruiter = await addTeamMember(engine, 'recruiter', 'Rita Recruiter');
  const other = await addTeamMember(engine, 'recruiter', 'Otto Other');
  const hiring = await addTeamMember(engine, 'hiring-manager', 'Hanna Manager');
  member = recruiter.caller;
  memberId = recruiter.user.id;
  outsider = other.caller;
  manager = hiring.caller;
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer', teamUserIds: [hiring.user.id] }));
  candidateId = value(await engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] })).id;
  await deliverByLmtp(dovecot, { from: 'anna@example.org', to: ['careers@hirebox.test'], raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: 'careers@hirebox.test', subject: 'Application zebrafish', date: new Date(), messageId: 'careers-application@example.org', body: 'My CV is attached, zebrafish.' }) });
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

async function connectShared(caller: Caller, memberIds: string[]) {
  const smtp = await startSmtpServer(dovecot);
  try {
    return await engine.call(caller, 'mailboxes:connect', {
      address: 'careers@hirebox.test',
      displayName: 'Acme Careers',
      userName: 'careers@hirebox.test',
      password: 'careers-password',
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      shared: { memberIds },
    });
  } finally {
    await smtp.close();
  }
}

/** What `caller` can reach of the shared inbox's mail, channel by channel. */
async function reach(caller: Caller) {
  const mailboxes = value(await engine.call(caller, 'mailboxes:list', { limit: 50 })).items.map((mailbox) => mailbox.id);
  const threads = value(await engine.call(caller, 'inbox:list', { limit: 50 })).items.filter((thread) => thread.subject.includes('zebrafish'));
  const hits = value(await engine.call(caller, 'messages:search', { text: 'zebrafish', limit: 50 })).items.length;
  const thread = threadId === null ? null : await engine.call(caller, 'threads:get', { threadId });
  // The profile's conversations: the inbox narrowed to the candidate.
  const profile = await engine.call(caller, 'inbox:list', { limit: 50, candidateId });
  const onProfile = profile.ok && profile.value.items.some((thread) => thread.subject.includes('zebrafish'));
  return { mailbox: mailboxes.includes(shared.id), threads: threads.length, hits, thread: thread?.ok ?? false, onProfile };
}
let threadId: string | null = null;

describe('a shared inbox through the contract', () => {
  it('is connected by an admin only, with its own sender name and its list', async () => {
    const refused = await connectShared(member, []);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', rule: 'R13' } });
    shared = value(await connectShared(installationOwner, [memberId]));
    expect(shared).toMatchObject({ kind: 'shared', ownerUserId: null, displayName: 'Acme Careers' });
    const list = value(await engine.call(installationOwner, 'mailboxes:members', { mailboxId: shared.id }));
    expect(list.members.map((entry) => entry.name)).toEqual(['Olivia Owner', 'Rita Recruiter']);
    value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: shared.id }));
    threadId = value(await engine.call(installationOwner, 'inbox:list', { limit: 50 })).items.find((thread) => thread.subject.includes('zebrafish'))?.id ?? null;
    expect(threadId).not.toBeNull();
  });

  it('shows its mail to members only: inbox, thread, search, profile', async () => {
    expect(await reach(installationOwner)).toEqual({ mailbox: true, threads: 1, hits: 1, thread: true, onProfile: true });
    expect(await reach(member)).toEqual({ mailbox: true, threads: 1, hits: 1, thread: true, onProfile: true });
    expect(await reach(outsider)).toEqual({ mailbox: false, threads: 0, hits: 0, thread: false, onProfile: false });
    // The hiring manager sees the candidate (her job) but not the shared inbox's mail.
    expect(await reach(manager)).toEqual({ mailbox: false, threads: 0, hits: 0, thread: false, onProfile: false });
    expect(value(await engine.call(manager, 'candidates:get', { candidateId })).name).toBe('Anna Apfel');
  });

  it('pushes its events to members only, and a member taken off the list loses it at once', async () => {
    const seen = { member: [] as PushedEvent[], outsider: [] as PushedEvent[] };
    const stopMember = engine.subscribe(member, (event) => seen.member.push(event));
    const stopOutsider = engine.subscribe(outsider, (event) => seen.outsider.push(event));
    try {
      await deliverByLmtp(dovecot, { from: 'anna@example.org', to: ['careers@hirebox.test'], raw: buildMessage({ from: 'Anna Apfel <anna@example.org>', to: 'careers@hirebox.test', subject: 'Re: Application zebrafish', date: new Date(), messageId: 'careers-followup@example.org', inReplyTo: 'careers-application@example.org', body: 'One more thing.' }) });
      value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: shared.id }));
      await expect.poll(() => seen.member.some((event) => event.name === 'inbox:changed'), { timeout: 5_000 }).toBe(true);
      expect(seen.member.some((event) => event.name === 'mailbox:status')).toBe(true);
      expect(seen.outsider.filter((event) => event.name === 'inbox:changed' || event.name === 'mailbox:status')).toEqual([]);
    } finally {
      stopMember();
      stopOutsider();
    }
    // Only admins change the list.
    expect(await engine.call(member, 'mailboxes:set-members', { mailboxId: shared.id, memberIds: [] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const after = value(await engine.call(installationOwner, 'mailboxes:set-members', { mailboxId: shared.id, memberIds: [] }));
    expect(after.members.map((entry) => entry.name)).toEqual(['Olivia Owner']);
    expect(await reach(member)).toEqual({ mailbox: false, threads: 0, hits: 0, thread: false, onProfile: false });
    expect(await engine.call(member, 'mailboxes:members', { mailboxId: shared.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Put back on the list, the member sees it again.
    value(await engine.call(installationOwner, 'mailboxes:set-members', { mailboxId: shared.id, memberIds: [memberId] }));
    expect((await reach(member)).threads).toBe(1);
  });

  it('refuses a second connect of the address, shared or not (R8)', async () => {
    expect(await connectShared(installationOwner, [])).toMatchObject({ ok: false, error: { code: 'conflict', rule: 'R8' } });
  });
});
