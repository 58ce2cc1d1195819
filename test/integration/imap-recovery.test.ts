import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import type { Engine } from '../../electron/core/engine.js';
import { connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { recordStatuses } from '../support/live-sync.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';
import { makeTempFolder } from '../support/temp-folder.js';

// IMAP sync II (issue 7): cursors survive a restart in the middle of a scan, and a folder the
// server rebuilt (new UIDVALIDITY) is re-mapped with nothing lost and nothing stored twice.

const owner = 'alice@hirebox.test';
const hour = 60 * 60 * 1000;

async function setUp(engine: Engine): Promise<void> {
  value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  value(await engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
}

/** Where a stored message lives, by its Message-ID: [folder path, UIDVALIDITY][]. */
function locationsOf(engine: Engine, messageId: string): [string, number | null][] {
  const stored = engine.store.messages.findByDedupeKey(`mid:${messageId}`);
  if (stored === null) return [];
  return engine.store.locations.listFor(stored.id).map((location) => [engine.store.folders.get(location.folderId ?? '')?.path ?? '?', location.uidValidity]);
}

async function uidValidityOf(dovecot: Dovecot, folder: string): Promise<number> {
  return Number((await dovecot.doveadm(['-f', 'flow', 'mailbox', 'status', '-u', owner, 'uidvalidity', folder])).match(/uidvalidity=(\d+)/u)?.[1]);
}

describe('a restart in the middle of a scan', () => {
  const count = 300;
  let dovecot: Dovecot;
  const data = makeTempFolder();

  beforeAll(async () => {
    dovecot = await startDovecot();
    const now = Date.now();
    writeMaildirMessages(dovecot, owner, 'INBOX', Array.from({ length: count }, (_, index) => {
      const date = new Date(now - 20 * hour + index * 60_000);
      return { internalDate: date, raw: buildMessage({ from: 'anna@example.org', to: owner, subject: `Mail ${index}`, messageId: `mail-${index}@example.org`, date, body: `Number ${index}` }) };
    }));
  }, 60_000);

  afterAll(async () => {
    await dovecot?.stop();
    data.remove();
  });

  it('resumes after the last finished page: every mail once, and the window not scanned again', async () => {
    const sync = { live: false, pageSize: 25 } as const;
    const first = openTestEngine({ sync, dataFolder: data.folder });
    await setUp(first.engine);
    const mailbox: MailboxSummary = await connectDovecotMailbox(first.engine, dovecot, owner);
    const statuses = recordStatuses(first.engine);
    const running = first.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id });
    await statuses.waitFor((status) => status.state === 'syncing' && status.phase === 'initial-window' && status.done >= 100);
    await first.engine.close();
    // Stopped mid-scan: the run ends with an error, or done if it was that quick.
    await running;

    const second = openTestEngine({ sync, dataFolder: data.folder });
    try {
      const summary = value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
      // Resumed from the stored cursor: the pages already done are not read again.
      expect(summary.headersScanned).toBeLessThan(count - 50);
      expect(summary.messagesStored).toBe(summary.headersScanned);
      const threads = value(await second.engine.call(installationOwner, 'inbox:list', { limit: 500 })).items;
      expect(threads.map((thread) => thread.subject).sort()).toEqual(Array.from({ length: count }, (_, index) => `Mail ${index}`).sort());
      expect(threads.every((thread) => thread.messageCount === 1)).toBe(true);
      for (const index of [0, 99, 100, 150, count - 1]) expect(locationsOf(second.engine, `mail-${index}@example.org`)).toHaveLength(1);
    } finally {
      await second.engine.close();
    }
  });
});

describe('a folder rebuilt on the server (UIDVALIDITY changed)', () => {
  let dovecot: Dovecot;
  let subject: TestEngine;
  let mailbox: MailboxSummary;
  const recent = { id: 'sent-recent@example.org', date: new Date(Date.now() - 2 * hour) };
  const old = { id: 'sent-old@example.org', date: new Date(Date.now() - 5 * 24 * hour) };
  const sentMail = (mail: { id: string; date: Date }, subject: string) => ({
    internalDate: mail.date,
    raw: buildMessage({ from: owner, to: 'anna@example.org', subject, messageId: mail.id, date: mail.date, body: subject }),
  });

  beforeAll(async () => {
    dovecot = await startDovecot();
    subject = openTestEngine();
    await setUp(subject.engine);
    writeMaildirMessages(dovecot, owner, 'Sent', [sentMail(recent, 'Recent reply')]);
    mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    // Filed later with an old date (moved in from an archive): the cursor scan takes it whatever its date.
    writeMaildirMessages(dovecot, owner, 'Sent', [sentMail(old, 'Old reply')]);
    value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
  }, 60_000);

  afterAll(async () => {
    await subject?.dispose();
    await dovecot?.stop();
  });

  it('re-maps every stored mail to its new place, storing nothing twice and losing nothing', async () => {
    const before = await uidValidityOf(dovecot, 'Sent');
    expect(locationsOf(subject.engine, recent.id)).toEqual([['Sent', before]]);
    expect(locationsOf(subject.engine, old.id)).toEqual([['Sent', before]]);
    const threadsBefore = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items;

    await dovecot.doveadm(['mailbox', 'delete', '-u', owner, 'Sent']);
    fs.rmSync(`${dovecot.maildirOf(owner)}/.Sent`, { recursive: true, force: true });
    await dovecot.doveadm(['mailbox', 'create', '-u', owner, 'Sent']);
    writeMaildirMessages(dovecot, owner, 'Sent', [sentMail(old, 'Old reply'), sentMail(recent, 'Recent reply')]);
    const after = await uidValidityOf(dovecot, 'Sent');
    expect(after).not.toBe(before);

    const summary = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(summary.messagesStored).toBe(0);
    expect(locationsOf(subject.engine, recent.id)).toEqual([['Sent', after]]);
    expect(locationsOf(subject.engine, old.id)).toEqual([['Sent', after]]);
    expect(value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items).toEqual(threadsBefore);
  });
});
