import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/file-logger.js';
import type { Database } from '../../store/database.js';
import { openDatabase } from '../../store/database.js';
import { openTempStore, seedMailbox, type TempStore } from '../../store/test-support.js';
import { MailboxSync } from '../../sync/mailbox-sync.js';
import { AddressGuard } from '../address-guard.js';
import { CandidateDeletion } from '../candidate-deletion.js';
import { CandidateService } from '../candidate-service.js';
import { SampleDataService } from './sample-data-service.js';
import { SampleMailProvider } from './sample-mail-provider.js';

let temp: TempStore;
let service: SampleDataService;
let ownerId: string;
let guard: AddressGuard;

beforeEach(() => {
  temp = openTempStore();
  const { store, folder } = temp;
  store.workspace.create({ id: randomUUID(), name: 'Nordlicht GmbH', domains: ['nordlicht.example'], createdAt: new Date().toISOString() });
  ownerId = store.users.insert({ id: randomUUID(), name: 'Marie Schulz', email: 'marie.schulz@nordlicht.example', role: 'admin', isOwner: true, createdAt: new Date().toISOString() }).id;
  guard = new AddressGuard(store);
  const deletion = new CandidateDeletion({ store, dataFolder: folder, logger: silentLogger });
  service = new SampleDataService({ store, guard, candidates: new CandidateService(store, guard, deletion), deletion, dataFolder: folder, logger: silentLogger });
});

afterEach(() => temp.dispose());

describe('sample data', () => {
  it('is linked by the matcher: by address, the forward as a forward, the internal applicant through the Hirebox thread', async () => {
    const status = await service.load({ userId: ownerId, role: 'admin' });
    expect(status).toMatchObject({ loaded: true, offered: false, jobs: 4, candidates: 10 });
    expect(status.messages).toBeGreaterThanOrEqual(30);
    const db = rows(temp);
    expect(db.reasons).toEqual(expect.arrayContaining([{ reason: 'address' }, { reason: 'forward' }]));
    expect(db.internalReplyReason).toBe('address');
    // The sample mailbox is no connected mailbox: not synced, not listed.
    expect(temp.store.mailboxes.all()).toEqual([]);
    await expect(service.load({ userId: ownerId, role: 'admin' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('is never matched by real sync: mail from a sample candidate to a real mailbox stays unlinked', async () => {
    await service.load({ userId: ownerId, role: 'admin' });
    const mailboxId = seedMailbox(temp.store, { ownerUserId: ownerId });
    temp.store.folders.upsert(mailboxId, { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'name', scanned: true });
    const raw = await new MailComposer({ from: 'lena.hoffmann@posteo.example', to: 'marie.schulz@nordlicht.example', subject: 'Noch eine Frage', text: 'Hallo!', messageId: '<real-1@posteo.example>' }).compile().build();
    const sync = new MailboxSync({ store: temp.store, provider: new SampleMailProvider([{ folder: 'INBOX', raw, receivedAt: new Date() }]), mailboxId, dataFolder: temp.folder, logger: silentLogger, ownAddresses: () => guard.ownAddresses(), onStatus: () => {} });
    const summary = await sync.run();
    expect(summary.headersScanned).toBe(1);
    expect(summary.messagesStored).toBe(0);
    expect(temp.store.messages.findByDedupeKey('mid:real-1@posteo.example')).toBeNull();
  });

  it('goes without a trace: every table counts as before', async () => {
    const before = counts(temp);
    await service.load({ userId: ownerId, role: 'admin' });
    expect(counts(temp)).not.toEqual(before);
    expect(service.remove()).toMatchObject({ loaded: false, offered: true, messages: 0 });
    expect(counts(temp)).toEqual(before);
    // The attachment files went with their mail (R3's purge).
    const attachments = path.join(temp.folder, 'attachments');
    expect(fs.existsSync(attachments) ? fs.readdirSync(attachments) : []).toEqual([]);
  });
});

/** A second connection: it reads what the store committed. */
function sql(temp: TempStore): Database {
  return openDatabase(temp.file);
}

function counts(temp: TempStore): Record<string, number> {
  const db = sql(temp);
  try {
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
    return Object.fromEntries(tables.map((name) => [name, db.prepare<[], number>(`SELECT count(*) FROM "${name}"`).pluck().get() ?? 0]));
  } finally {
    db.close();
  }
}

function rows(temp: TempStore): { reasons: { reason: string }[]; internalReplyReason: string | undefined } {
  const db = sql(temp);
  try {
    return {
      reasons: db.prepare<[], { reason: string }>('SELECT DISTINCT reason FROM links ORDER BY reason').all(),
      internalReplyReason: db
        .prepare<[], string>("SELECT l.reason FROM links l JOIN messages m ON m.id = l.message_id WHERE m.subject = 'Re: Deine interne Bewerbung: Senior Backend Engineer'")
        .pluck()
        .get(),
    };
  } finally {
    db.close();
  }
}
