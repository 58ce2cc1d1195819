import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationOwner } from '../../electron/core/api/caller.js';
import type { Engine } from '../../electron/core/engine.js';
import { connectDovecotMailbox, openTestEngine, value } from '../support/engine.js';
import { buildMessage, startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';
import { makeTempFolder } from '../support/temp-folder.js';

// IMAP sync II (issue 7): mail expunged or moved away on the server loses its stored
// location at the next sync — from the folder's HIGHESTMODSEQ where the server has
// CONDSTORE/QRESYNC, from the UID set otherwise — while the message itself stays stored.

const owner = 'alice@hirebox.test';
const hour = 60 * 60 * 1000;

function mail(index: number) {
  const date = new Date(Date.now() - 2 * hour + index * 60_000);
  return { internalDate: date, raw: buildMessage({ from: 'anna@example.org', to: owner, subject: `Mail ${index}`, messageId: `mail-${index}@example.org`, date, body: `Number ${index}` }) };
}

/** Stored or not, and the folder paths the stored message lives in. */
function placesOf(engine: Engine, index: number): string[] | 'not stored' {
  const stored = engine.store.messages.findByDedupeKey(`mid:mail-${index}@example.org`);
  if (stored === null) return 'not stored';
  return engine.store.locations.listFor(stored.id).map((location) => engine.store.folders.get(location.folderId ?? '')?.path ?? '?');
}

function inboxOf(engine: Engine, mailboxId: string) {
  const inbox = engine.store.folders.list(mailboxId).find((folder) => folder.path === 'INBOX');
  if (inbox === undefined) throw new Error('no INBOX folder stored');
  return inbox;
}

async function expunge(dovecot: Dovecot, index: number): Promise<void> {
  await dovecot.doveadm(['expunge', '-u', owner, 'mailbox', 'INBOX', 'header', 'Message-ID', `mail-${index}@example.org`]);
}

for (const variant of [
  { name: 'with CONDSTORE and QRESYNC', removeCapabilities: [] as string[], modseq: true },
  { name: 'without CONDSTORE and QRESYNC', removeCapabilities: ['CONDSTORE', 'QRESYNC'], modseq: false },
]) {
  describe(`mail removed on the server, ${variant.name}`, () => {
    let dovecot: Dovecot;
    const data = makeTempFolder();

    beforeAll(async () => {
      dovecot = await startDovecot({ removeCapabilities: variant.removeCapabilities });
      writeMaildirMessages(dovecot, owner, 'INBOX', [mail(0), mail(1), mail(2)]);
    }, 60_000);

    afterAll(async () => {
      await dovecot?.stop();
      data.remove();
    });

    it('loses its location after the next sync, also after a restart and from an old cursor; new mail still arrives', async () => {
      const first = openTestEngine({ dataFolder: data.folder });
      value(await first.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } }));
      const job = value(await first.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
      value(await first.engine.call(installationOwner, 'candidates:create', { name: 'Anna Apfel', addresses: ['anna@example.org'], applications: [{ jobId: job.id }] }));
      const mailbox = await connectDovecotMailbox(first.engine, dovecot, owner);
      expect(value(await first.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id })).messagesStored).toBe(3);
      expect('modseq' in JSON.parse(inboxOf(first.engine, mailbox.id).cursor ?? '{}')).toBe(variant.modseq);
      await first.engine.close();

      // While Hirebox is closed: one mail is deleted on the server, another one arrives.
      await expunge(dovecot, 0);
      writeMaildirMessages(dovecot, owner, 'INBOX', [mail(3)]);

      const second = openTestEngine({ dataFolder: data.folder });
      try {
        const summary = value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
        // Resumed from the stored cursor: only the new mail is read, the window is not scanned again.
        expect(summary.headersScanned).toBe(1);
        expect(summary.messagesStored).toBe(1);
        expect(placesOf(second.engine, 0)).toEqual([]);
        expect(placesOf(second.engine, 1)).toEqual(['INBOX']);
        expect(placesOf(second.engine, 3)).toEqual(['INBOX']);
        // Hirebox keeps imported mail: the deleted one is still in the candidate's inbox.
        const subjects = value(await second.engine.call(installationOwner, 'inbox:list', { limit: 50 })).items.map((thread) => thread.subject);
        expect(subjects.sort()).toEqual(['Mail 0', 'Mail 1', 'Mail 2', 'Mail 3']);

        // A cursor stored before CONDSTORE support (no modseq) still works.
        const inbox = inboxOf(second.engine, mailbox.id);
        const { uidValidity, lastUid } = JSON.parse(inbox.cursor ?? '{}') as { uidValidity: number; lastUid: number };
        second.engine.store.folders.saveCursor(inbox.id, { uidValidity: inbox.uidValidity, cursor: JSON.stringify({ uidValidity, lastUid }) });
        await expunge(dovecot, 1);
        const fromOld = value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
        expect(fromOld.headersScanned).toBe(0);
        expect(placesOf(second.engine, 1)).toEqual([]);
        expect(placesOf(second.engine, 2)).toEqual(['INBOX']);
        expect('modseq' in JSON.parse(inboxOf(second.engine, mailbox.id).cursor ?? '{}')).toBe(variant.modseq);

        // Nothing changed since: nothing read, nothing lost.
        const quiet = value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
        expect(quiet.headersScanned).toBe(0);
        expect(placesOf(second.engine, 2)).toEqual(['INBOX']);
        expect(placesOf(second.engine, 3)).toEqual(['INBOX']);

        // New mail only: read, and nothing taken for gone (the folder's count says none went away).
        writeMaildirMessages(dovecot, owner, 'INBOX', [mail(4)]);
        expect(value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id })).messagesStored).toBe(1);
        expect([placesOf(second.engine, 2), placesOf(second.engine, 3), placesOf(second.engine, 4)]).toEqual([['INBOX'], ['INBOX'], ['INBOX']]);

        // One mail deleted and one arriving leave the count as it was: the deletion is still seen.
        await expunge(dovecot, 2);
        writeMaildirMessages(dovecot, owner, 'INBOX', [mail(5)]);
        expect(value(await second.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id })).messagesStored).toBe(1);
        expect([placesOf(second.engine, 2), placesOf(second.engine, 3), placesOf(second.engine, 4), placesOf(second.engine, 5)]).toEqual([[], ['INBOX'], ['INBOX'], ['INBOX']]);
      } finally {
        await second.engine.close();
      }
    });
  });
}
