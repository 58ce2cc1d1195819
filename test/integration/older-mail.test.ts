import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, OlderMailReport } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Older mail, offered (R10) against a real Dovecot: what the first window left out is counted
// on the server, by candidate; stored mail, substring and display-name hits, a colleague's own
// mail and mail older than the offered days are not. Counting fetches nothing.

const owner = 'alice@hirebox.test';
const colleague = 'bob@hirebox.test';
const day = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * day);

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
const candidates: Record<string, CandidateProfile> = {};

function mail(subjectLine: string, from: string, to: string, date: Date, cc?: string) {
  return {
    internalDate: date,
    raw: buildMessage({ from, to, ...(cc === undefined ? {} : { cc }), subject: subjectLine, messageId: `${subjectLine.replace(/\W+/gu, '-')}@example.org`, date, body: subjectLine }),
  };
}

async function count(input: { candidateIds: string[]; days?: number } | { mailboxId: string; days?: number }): Promise<OlderMailReport> {
  return value(await subject.engine.call(installationOwner, 'candidates:older-mail', input));
}

const byName = (report: OlderMailReport) => Object.fromEntries(report.candidates.map((entry) => [entry.name, entry.count]));

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  value(await subject.engine.call(installationOwner, 'users:create', { name: 'Bob Colleague', email: colleague, role: 'recruiter' }));
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  for (const [key, name, address] of [
    ['anna', 'Anna Apfel', 'anna@example.org'],
    ['carl', 'Carl Caro', 'carl@example.org'],
    ['zoe', 'Zoe Zero', 'zoe@example.org'],
  ] as const) {
    candidates[key] = value(await subject.engine.call(installationOwner, 'candidates:create', { name, addresses: [address], applications: [{ jobId: job.id }] }));
  }
  writeMaildirMessages(dovecot, owner, 'INBOX', [
    mail('Anna, this morning', 'Anna Apfel <anna@example.org>', owner, new Date(Date.now() - 2 * 60 * 60 * 1000)),
    mail('Anna applies', 'Anna Apfel <anna@example.org>', owner, ago(3)),
    mail('Anna sends her CV', 'Anna Apfel <anna@example.org>', owner, ago(20)),
    mail('Anna and Carl, together', 'Anna Apfel <anna@example.org>', owner, ago(5), 'carl@example.org'),
    mail('Anna, last year', 'Anna Apfel <anna@example.org>', owner, ago(200)),
    mail('Only a substring', 'hanna@example.org', owner, ago(4)),
    mail('Only a display name', '"anna@example.org" <stranger@example.net>', owner, ago(4)),
    mail('Between colleagues', `"anna@example.org (forwarded)" <${colleague}>`, owner, ago(6)),
  ]);
  writeMaildirMessages(dovecot, owner, 'Sent', [mail('Our answer to Anna', owner, 'anna@example.org', ago(2))]);
  writeMaildirMessages(dovecot, owner, 'Archive', [mail('Anna, filed away', 'anna@example.org', owner, ago(4))]);
  mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
  value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

describe('older mail, offered', () => {
  it('counts per candidate what the first window left out in the scanned folders, a mail with two candidates once', async () => {
    // The first sync took the last 24 hours only.
    const threads = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items.map((thread) => thread.subject);
    expect(threads).toEqual(['Anna, this morning']);

    const report = await count({ mailboxId: mailbox.id });
    // Stored mail, a substring, a display name, a colleague's mail, Archive (not scanned) and last year's mail do not count.
    expect(byName(report)).toEqual({ 'Anna Apfel': 4, 'Carl Caro': 1 });
    expect(report.candidates.map((entry) => entry.name)).toEqual(['Anna Apfel', 'Carl Caro']);
    expect(report.total).toBe(4);
    expect(report).toMatchObject({ days: 90, mailboxesSearched: 1, mailboxesUnavailable: 0, truncated: false });
    expect(Date.parse(report.before) - Date.parse(report.since)).toBeLessThanOrEqual(90 * day);
  });

  it('counts for chosen candidates and for the days asked', async () => {
    expect(byName(await count({ candidateIds: [candidates.carl!.id, candidates.zoe!.id] }))).toEqual({ 'Carl Caro': 1 });
    expect(byName(await count({ candidateIds: [candidates.anna!.id], days: 10 }))).toEqual({ 'Anna Apfel': 3 });
    expect(byName(await count({ candidateIds: [candidates.anna!.id], days: 365 }))).toEqual({ 'Anna Apfel': 5 });
  });

  it('fetched nothing while counting, and marked nothing read', async () => {
    const threads = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items;
    expect(threads).toHaveLength(1);
    const flags = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', owner, 'flags', 'mailbox', 'INBOX']);
    expect(flags).not.toContain('\\Seen');
  });

  it('after the offered backfill, the same mail is on the profile and no longer counted', async () => {
    const report = await count({ mailboxId: mailbox.id });
    const fetched = value(await subject.engine.call(installationOwner, 'backfill:candidates', { candidateIds: report.candidates.map((entry) => entry.candidateId), days: report.days }));
    expect(fetched.messagesStored).toBe(report.total);
    const threads = value(await subject.engine.call(installationOwner, 'inbox:list', { candidateId: candidates.anna!.id, limit: 50 })).items.map((thread) => thread.subject).sort();
    expect(threads).toEqual(['Anna and Carl, together', 'Anna applies', 'Anna sends her CV', 'Anna, this morning', 'Our answer to Anna']);
    expect((await count({ mailboxId: mailbox.id })).candidates).toEqual([]);
    expect((await count({ candidateIds: [candidates.anna!.id] })).total).toBe(0);
  });

  it('refuses a candidate the caller may not see, and input that names neither candidates nor a mailbox', async () => {
    const manager = await addTeamMember(subject.engine, 'hiring-manager');
    const refused = await subject.engine.call(manager.caller, 'candidates:older-mail', { candidateIds: [candidates.anna!.id] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    const otherMailbox = await subject.engine.call(manager.caller, 'candidates:older-mail', { mailboxId: mailbox.id });
    expect(otherMailbox.ok).toBe(false);
    if (!otherMailbox.ok) expect(otherMailbox.error.code).toBe('forbidden');
    const neither = await subject.engine.call(installationOwner, 'candidates:older-mail', {} as never);
    expect(neither.ok).toBe(false);
    if (!neither.ok) expect(neither.error.code).toBe('invalid-input');
    const none = await subject.engine.call(installationOwner, 'candidates:older-mail', { candidateIds: [] });
    expect(none.ok).toBe(false);
  });
});
