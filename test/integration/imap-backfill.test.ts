import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Backfill (R10 beyond, issue 7) through the contract against Dovecot.

const owner = 'alice@hirebox.test';
const day = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * day);

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let anna: CandidateProfile;

async function subjects(): Promise<string[]> {
  return value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 100 })).items.map((thread) => thread.subject).sort();
}

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  anna = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
  value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Bert Birne', addresses: ['bert@example.org'], applications: [{ jobId: job.id }] }));
  const mail = (subjectLine: string, from: string, date: Date) => ({ internalDate: date, raw: buildMessage({ from, to: owner, subject: subjectLine, date, body: subjectLine }) });
  writeMaildirMessages(dovecot, owner, 'INBOX', [
    mail('Three days old, from Anna', 'Anna Apfel <anna@example.org>', daysAgo(3)),
    mail('Display name only', '"anna@example.org" <stranger@example.net>', daysAgo(3)),
    mail('Substring only', 'joanna@example.org', daysAgo(3)),
    mail('Bert, ten days ago', 'bert@example.org', daysAgo(10)),
    mail('Anna, long ago', 'anna@example.org', daysAgo(200)),
  ]);
  mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
  value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

describe('backfill', () => {
  it('leaves older mail alone until the user asks (R10)', async () => {
    expect(await subjects()).toEqual([]);
  });

  it("finds a candidate's three-day-old mail, and not a stranger's whose display name holds the address", async () => {
    const summary = value(await subject.engine.call(installationOwner, 'backfill:candidates', { candidateIds: [anna.id] }));
    expect(summary).toMatchObject({ messagesStored: 1, cancelled: false });
    expect(await subjects()).toEqual(['Three days old, from Anna']);
  });

  it('fetches the mailbox\'s last N days for every candidate, without storing anything twice', async () => {
    const summary = value(await subject.engine.call(installationOwner, 'backfill:mailbox', { mailboxId: mailbox.id, days: 14 }));
    expect(summary.messagesStored).toBe(1);
    expect(await subjects()).toEqual(['Bert, ten days ago', 'Three days old, from Anna']);
  });

  it('refuses bad input and mailboxes that are not the caller\'s', async () => {
    expect(await subject.engine.call(installationOwner, 'backfill:mailbox', { mailboxId: mailbox.id, days: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await subject.engine.call(installationOwner, 'backfill:candidates', { candidateIds: [] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const colleague = await addTeamMember(subject.engine, 'recruiter');
    expect(await subject.engine.call(colleague.caller, 'backfill:mailbox', { mailboxId: mailbox.id, days: 3 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(value(await subject.engine.call(installationOwner, 'backfill:cancel', { mailboxId: mailbox.id }))).toEqual({ cancelled: false });
  });

  it('offers, and does not run, a backfill over the archived time when a job is unarchived (R7)', async () => {
    const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Paused role' }));
    const carla = value(await subject.engine.call(installationOwner, 'candidates:create', { name: 'Carla Clay', addresses: ['carla@example.org'], applications: [{ jobId: job.id }] }));
    value(await subject.engine.call(installationOwner, 'jobs:archive', { jobId: job.id }));
    const unarchived = value(await subject.engine.call(installationOwner, 'jobs:unarchive', { jobId: job.id }));
    expect(unarchived.backfillOffer).toEqual({ candidateIds: [carla.id], days: 1 });
    const again = value(await subject.engine.call(installationOwner, 'jobs:unarchive', { jobId: job.id }));
    expect(again.backfillOffer).toBeUndefined();
  });

  it('can be cancelled; what was stored stays and the mailbox is up to date again', async () => {
    const running = subject.engine.call(installationOwner, 'backfill:mailbox', { mailboxId: mailbox.id, days: 365 });
    expect(value(await subject.engine.call(installationOwner, 'backfill:cancel', { mailboxId: mailbox.id }))).toEqual({ cancelled: true });
    expect(value(await running).cancelled).toBe(true);
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.status).toEqual({ state: 'up-to-date' });
    expect(await subjects()).toContain('Three days old, from Anna');
  });
});
