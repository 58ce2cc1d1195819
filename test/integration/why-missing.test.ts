import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, MissingMailReport } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { addTeamMember, connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// "Why is a mail missing?" (issue 7) through the contract: the right reason for each case.

const owner = 'alice@hirebox.test';
const hour = 60 * 60 * 1000;
const ago = (hours: number) => new Date(Date.now() - hours * hour);

let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
const candidates: Record<string, CandidateProfile> = {};

async function whyMissing(key: string): Promise<[string, string][]> {
  const report: MissingMailReport = value(await subject.engine.call(installationOwner, 'candidates:why-missing', { candidateId: candidates[key]!.id }));
  return report.hits.map((hit) => [hit.subject, hit.reason] as [string, string]).sort();
}

beforeAll(async () => {
  dovecot = await startDovecot();
  subject = openTestEngine();
  value(await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const open = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const archived = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Old Job' }));
  for (const [key, name, address, jobId] of [
    ['anna', 'Anna Apfel', 'anna@example.org', open.id],
    ['otto', 'Otto Old', 'otto@example.org', archived.id],
    ['ingrid', 'Ingrid Intern', 'ingrid@hirebox.test', open.id],
    ['zoe', 'Zoe Zero', 'zoe@example.org', open.id],
  ] as const) {
    candidates[key] = value(await subject.engine.call(installationOwner, 'candidates:create', { name, addresses: [address], applications: [{ jobId }] }));
  }
  value(await subject.engine.call(installationOwner, 'jobs:archive', { jobId: archived.id }));
  const mail = (subjectLine: string, from: string, date: Date) => ({ internalDate: date, raw: buildMessage({ from, to: owner, subject: subjectLine, messageId: `${subjectLine.replace(/\W+/gu, '-')}@example.org`, date, body: subjectLine }) });
  writeMaildirMessages(dovecot, owner, 'INBOX', [
    mail('Linked and fine', 'anna@example.org', ago(2)),
    mail('Unlinked by hand', 'anna@example.org', ago(3)),
    mail('Three days old', 'anna@example.org', ago(72)),
    mail('Only a display name', '"anna@example.org" <stranger@example.net>', ago(4)),
    mail('Only a substring', 'hanna@example.org', ago(4)),
    mail('From Otto', 'otto@example.org', ago(2)),
    mail('From Ingrid', 'ingrid@hirebox.test', ago(2)),
  ]);
  writeMaildirMessages(dovecot, owner, 'Archive', [mail('Filed in Archive', 'anna@example.org', ago(2))]);
  mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
  value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
  const unlinked = subject.engine.store.messages.findByDedupeKey('mid:Unlinked-by-hand@example.org');
  value(await subject.engine.call(installationOwner, 'messages:unlink', { messageId: unlinked!.id, candidateId: candidates.anna!.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

describe('why is a mail missing?', () => {
  it("gives each of Anna's missing mails its reason, and leaves out what is linked or only a substring", async () => {
    expect(await whyMissing('anna')).toEqual([
      ['Filed in Archive', 'folder-not-scanned'],
      ['Only a display name', 'display-name-only'],
      ['Three days old', 'older-than-window'],
      ['Unlinked by hand', 'unlinked-by-hand'],
    ]);
  });

  it('names the folder of a mail in an unscanned folder by name and by path, to scan it', async () => {
    const report = value(await subject.engine.call(installationOwner, 'candidates:why-missing', { candidateId: candidates.anna!.id }));
    expect(report.hits.find((hit) => hit.reason === 'folder-not-scanned')).toMatchObject({ mailboxId: mailbox.id, folder: 'Archive', folderPath: 'Archive', subject: 'Filed in Archive' });
  });

  it('says all jobs are archived (R7) and that an internal address needs a Hirebox thread (R5)', async () => {
    expect(await whyMissing('otto')).toEqual([['From Otto', 'all-jobs-archived']]);
    expect(await whyMissing('ingrid')).toEqual([['From Ingrid', 'internal-address']]);
  });

  it('says so when the server holds no mail with the candidate', async () => {
    const report = value(await subject.engine.call(installationOwner, 'candidates:why-missing', { candidateId: candidates.zoe!.id }));
    expect(report).toMatchObject({ hits: [], truncated: false });
    expect(report.foldersSearched).toBeGreaterThanOrEqual(6);
  });

  it('changes nothing on the server or in Hirebox: the mail stays unread and unlinked', async () => {
    await whyMissing('anna');
    const threads = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items.map((thread) => thread.subject).sort();
    expect(threads).toEqual(['Linked and fine']);
    const flags = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', owner, 'flags', 'mailbox', 'INBOX']);
    expect(flags).not.toContain('\\Seen');
  });

  it('refuses a candidate the caller may not see', async () => {
    const manager = await addTeamMember(subject.engine, 'hiring-manager');
    const refused = await subject.engine.call(manager.caller, 'candidates:why-missing', { candidateId: candidates.anna!.id });
    expect(refused.ok).toBe(false);
  });
});
