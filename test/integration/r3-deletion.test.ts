import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import type { ErasureReport } from '../../shared/privacy.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { prepareDataFolder } from '../../electron/core/data-folder.js';
import { Engine } from '../../electron/core/engine.js';
import { KeyFileSecretBox } from '../../electron/core/secrets/key-file-secret-box.js';
import { startEngineProcess, type EngineProcess } from '../../bench/engine-process.js';
import { engineTuningVariable } from '../../electron/core/thread/engine-tuning.js';
import { buildShells } from '../support/cli.js';
import { connectDovecotMailbox, value } from '../support/engine.js';
import { startDovecot, startSmtpServer, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';
import { listFiles } from '../support/trace-scan.js';
import { FileLogger } from '../../electron/core/log/file-logger.js';
import { CandidateDeletion } from '../../electron/core/services/candidate-deletion.js';
import { DraftAttachmentFiles } from '../../electron/core/services/draft-attachment-files.js';
import { openDatabase } from '../../electron/core/store/database.js';
import type { MailAddress } from '../../electron/core/store/repositories/messages-repository.js';
import { Store } from '../../electron/core/store/store.js';
import { seedJob, seedMailbox, seedUser } from '../../electron/core/store/test-support.js';
import { makeTempFolder } from '../support/temp-folder.js';
import { describeTraces, findTraces, type TraceHit } from '../support/trace-scan.js';

// R3 (PRODUCT.md), database part, on a real data folder: what a deleted candidate's mail
// put into the database, its WAL, the FTS segments and the log is found in no file
// afterwards — and the same scenario with either secure-delete switched off leaves it
// behind, so the scan is shown to be able to fail.

/** Which of the two protections the scenario switches off, to show the proof can fail. */
type Weakening = 'none' | 'secure-delete-off' | 'fts-secure-delete-off';

interface Outcome {
  /** Hits in the database and WAL before the deletion. */
  storedBefore: TraceHit[];
  /** Whether the log named the candidate before the deletion. */
  loggedBefore: boolean;
  searchBefore: number;
  /** Hits anywhere in the data folder after deletion and checkpoint. */
  after: TraceHit[];
  /** The database objects whose pages hold the hits in `hirebox.db` afterwards ('' for a free page). */
  ownersAfter: string[];
  searchAfter: number;
  /** The message also linked to the other candidate, afterwards. */
  shared: { stored: boolean; linkedTo: string[]; otherCandidateId: string; search: number; traces: number };
  logAfter: string;
  /** Hits of the draft's own marker in the database and WAL before, and anywhere after. */
  draftStoredBefore: TraceHit[];
  draftAfter: TraceHit[];
  draftsLeft: number;
  /** Hits of the marker inside a file the user attached to the draft, before (on disk) and after. */
  draftFileBefore: TraceHit[];
  draftFileAfter: TraceHit[];
}

const temps: { remove(): void }[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  temps.splice(0).forEach((temp) => temp.remove());
});

/** A fresh lower-case marker: random, so no earlier run or fixture can hold it. */
function newMarker(): string {
  return `zqx${randomBytes(8).toString('hex')}`;
}

/** A statement no repository offers, on a connection of its own, closed at once. */
function query<T>(file: string, run: (db: Sqlite.Database) => T): T {
  const db = openDatabase(file);
  try {
    return run(db);
  } finally {
    db.close();
  }
}

function searchCount(file: string, term: string): number {
  return query(file, (db) =>
    db.prepare<[string], number>('SELECT count(*) FROM message_search WHERE message_search MATCH ?').pluck().get(`"${term}"`)!,
  );
}

/** Which table or index owns the database page at each byte offset (SQLite's dbstat table). */
function pageOwners(file: string, offsets: number[]): string[] {
  return query(file, (db) => {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const owner = db.prepare<[number], string>('SELECT name FROM dbstat WHERE pageno = ?').pluck();
    return [...new Set(offsets.map((offset) => owner.get(Math.floor(offset / pageSize) + 1) ?? ''))].sort();
  });
}

function runScenario(weakening: Weakening): Outcome {
  const temp = makeTempFolder('hirebox-r3-');
  temps.push(temp);
  const dataFolder = temp.folder;
  const file = path.join(dataFolder, 'hirebox.db');
  const marker = newMarker();
  const sharedMarker = newMarker();
  const draftMarker = newMarker();
  const draftFileMarker = newMarker();

  if (weakening === 'secure-delete-off') {
    // The store's own connection must do the deleting, so switch the pragma off where it
    // is switched on: as if `openDatabase` had forgotten it.
    const pragma = Sqlite.prototype.pragma;
    vi.spyOn(Sqlite.prototype, 'pragma').mockImplementation(function (this: Sqlite.Database, source, options) {
      return pragma.call(this, source === 'secure_delete = ON' ? 'secure_delete = OFF' : source, options);
    });
  }
  const store = Store.open(file);
  vi.restoreAllMocks();
  const logger = new FileLogger({ folder: path.join(dataFolder, 'logs') });
  try {
    if (weakening === 'fts-secure-delete-off') {
      // Stored in the index's config table, so one connection switches it for all.
      query(file, (db) => db.exec("INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 0)"));
    }

    const recruiter = seedUser(store, 'recruiter');
    const mailboxId = seedMailbox(store, { ownerUserId: recruiter.id });
    const jobId = seedJob(store);
    const annaAddress = `anna.${marker}@example.org`;
    const anna = addCandidate(store, `Anna Marker-${marker}`, annaAddress, jobId);
    const bert = addCandidate(store, 'Bert Keeps', 'bert.keeps@example.org', jobId);
    logger.info('engine started');
    logger.info('candidate added', { name: `Anna Marker-${marker}` });
    logger.info('address added', { address: annaAddress.toUpperCase() });

    const annaFrom = [{ name: 'Anna', address: annaAddress }];
    const recruiterFrom = [{ name: 'Recruiter', address: recruiter.email }];
    // A thread of Anna's only, and one she shares with a message linked to Bert too.
    const own = addThread(store, mailboxId);
    const first = addMessage(store, own, { subject: `Bewerbung ${marker}`, body: `Anbei mein Lebenslauf ${marker}.`, from: annaFrom, to: recruiterFrom });
    store.links.insert({ messageId: first, candidateId: anna, reason: 'address', createdAt: now() });
    const reply = addMessage(store, own, { subject: `Re: Bewerbung ${marker}`, body: `Danke, ${marker}!`, from: recruiterFrom, to: annaFrom });
    store.links.insert({ messageId: reply, candidateId: anna, reason: 'address', createdAt: now() });
    store.messages.markRead(recruiter.id, reply, now());

    const mixed = addThread(store, mailboxId);
    const hers = addMessage(store, mixed, { subject: `Termin ${marker}`, body: `Passt Dienstag? ${marker}`, from: annaFrom, to: recruiterFrom });
    store.links.insert({ messageId: hers, candidateId: anna, reason: 'address', createdAt: now() });
    const shared = addMessage(store, mixed, {
      subject: `Referenz ${sharedMarker}`,
      body: `Bert empfiehlt jemanden ${sharedMarker}`,
      from: [{ name: 'Bert', address: 'bert.keeps@example.org' }],
      to: recruiterFrom,
    });
    store.links.insert({ messageId: shared, candidateId: bert, reason: 'address', createdAt: now() });
    store.links.insert({ messageId: shared, candidateId: anna, reason: 'manual', createdAt: now(), createdByUserId: recruiter.id });

    // A draft to her, saved as it was typed: candidate data too (R3), with a quoted mail.
    store.drafts.save(
      recruiter.id,
      {
        place: `thread:${own}`,
        candidateId: anna,
        mailboxId,
        replyToMessageId: first,
        to: `Anna <${annaAddress}>`,
        cc: '',
        bcc: '',
        subject: '',
        body: `Liebe Anna, ein Entwurf ${draftMarker}`,
        composer: { mode: 'reply', showBcc: false, quote: { from: `Anna <${annaAddress}>`, date: now(), text: `Anbei mein Lebenslauf ${draftMarker}.` } },
      },
      now(),
    );
    const draftStoredBefore = findTraces(dataFolder, draftMarker).filter((hit) => hit.file.startsWith('hirebox.db'));
    // A file she sent, attached again by the recruiter to the draft: kept on disk with it.
    const draftFiles = new DraftAttachmentFiles({ store, dataFolder, logger });
    const attachedFile = Buffer.concat([randomBytes(64), Buffer.from(`Zeugnis von Anna ${draftFileMarker}`), randomBytes(64)]);
    const attachedHash = createHash('sha256').update(attachedFile).digest('hex');
    store.drafts.addAttachment(store.drafts.idAt(recruiter.id, `thread:${own}`)!, { id: randomUUID(), contentHash: attachedHash, fileName: 'zeugnis.pdf', mimeType: 'application/pdf', size: attachedFile.length });
    draftFiles.write([{ contentHash: attachedHash, content: attachedFile }]);
    const draftFileBefore = findTraces(dataFolder, draftFileMarker);

    const before = findTraces(dataFolder, marker);
    const storedBefore = before.filter((hit) => hit.file.startsWith('hirebox.db'));
    const loggedBefore = before.some((hit) => hit.file.startsWith('logs/'));
    const searchBefore = searchCount(file, marker);

    new CandidateDeletion({ store, dataFolder, logger }).deleteCandidate(anna);
    expect(store.checkpoint()).toEqual({ complete: true });
    logger.info('still logging after the purge');

    const sharedRow = query(file, (db) => ({
      stored: db.prepare<[string], number>('SELECT count(*) FROM messages WHERE id = ?').pluck().get(shared) === 1,
      linkedTo: db.prepare<[string], string>('SELECT candidate_id FROM links WHERE message_id = ?').pluck().all(shared),
    }));
    const after = findTraces(dataFolder, marker);
    return {
      storedBefore,
      loggedBefore,
      searchBefore,
      after,
      ownersAfter: pageOwners(file, after.filter((hit) => hit.file === 'hirebox.db').map((hit) => hit.offset)),
      searchAfter: searchCount(file, marker),
      shared: { ...sharedRow, otherCandidateId: bert, search: searchCount(file, sharedMarker), traces: findTraces(dataFolder, sharedMarker).length },
      logAfter: fs.readFileSync(path.join(dataFolder, 'logs', 'hirebox.log'), 'utf8'),
      draftStoredBefore,
      draftAfter: findTraces(dataFolder, draftMarker),
      draftsLeft: store.drafts.listOf(recruiter.id).length,
      draftFileBefore,
      draftFileAfter: findTraces(dataFolder, draftFileMarker),
    };
  } finally {
    logger.close();
    store.close();
  }

  function now(): string {
    return new Date().toISOString();
  }
}

function addCandidate(store: Store, name: string, address: string, jobId: string): string {
  const id = randomUUID();
  store.candidates.insert({ id, name, createdAt: new Date().toISOString(), addresses: [{ address, isPrimary: true, internal: false }] });
  store.candidates.addApplication({ id: randomUUID(), candidateId: id, jobId, stage: 'applied', createdAt: new Date().toISOString() });
  return id;
}

function addThread(store: Store, mailboxId: string): string {
  const id = randomUUID();
  store.threads.insert({ id, mailboxId, createdAt: new Date().toISOString() });
  return id;
}

function addMessage(store: Store, threadId: string, mail: { subject: string; body: string; from: MailAddress[]; to: MailAddress[] }): string {
  const id = randomUUID();
  store.messages.insert({
    id,
    threadId,
    dedupeKey: `mid:<${id}@mail.example.org>`,
    messageIdHeader: `<${id}@mail.example.org>`,
    contentHash: id,
    inReplyTo: null,
    references: [],
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: [],
    bcc: [],
    date: new Date().toISOString(),
    snippet: mail.body.slice(0, 40),
    hasAttachments: false,
    body: { state: 'full', text: mail.body, html: `<p>${mail.body}</p>` },
    generatedByHirebox: false,
    createdAt: new Date().toISOString(),
  });
  return id;
}

describe('R3: deleting a candidate leaves no trace in the data folder', () => {
  it('finds the marker before, and in no file, in no form, afterwards', () => {
    const outcome = runScenario('none');

    expect(outcome.storedBefore.length, 'the marker is stored before the deletion').toBeGreaterThan(0);
    expect(outcome.searchBefore, 'and found by full-text search').toBe(3);
    expect(outcome.loggedBefore, 'and named in the log').toBe(true);

    expect(outcome.after, describeTraces(outcome.after)).toEqual([]);
    expect(outcome.searchAfter).toBe(0);
  });

  it("deletes her drafts with her: the draft's text is found before, and in no file afterwards", () => {
    const outcome = runScenario('none');
    expect(outcome.draftStoredBefore.length, 'the draft is stored before the deletion').toBeGreaterThan(0);
    expect(outcome.draftsLeft).toBe(0);
    expect(outcome.draftAfter, describeTraces(outcome.draftAfter)).toEqual([]);
  });

  it('deletes the files attached to her drafts: the marker inside one is on disk before, and in no file afterwards', () => {
    const outcome = runScenario('none');
    expect(outcome.draftFileBefore.map((hit) => hit.file), 'the attached file lies in the attachments folder').toEqual([
      expect.stringMatching(/^attachments\/[0-9a-f]{64}$/),
    ]);
    expect(outcome.draftFileAfter, describeTraces(outcome.draftFileAfter)).toEqual([]);
  });

  it('keeps a message also linked to another candidate, for that one, searchable', () => {
    const { shared } = runScenario('none');
    expect(shared.stored).toBe(true);
    expect(shared.linkedTo).toEqual([shared.otherCandidateId]);
    expect(shared.search).toBe(1);
    expect(shared.traces).toBeGreaterThan(0);
  });

  it('removes the log lines naming the candidate and keeps the others, and the log goes on', () => {
    const { logAfter } = runScenario('none');
    const messages = logAfter
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages).toContain('engine started');
    expect(messages).toContain('still logging after the purge');
    expect(messages).not.toContain('candidate added');
    expect(messages).not.toContain('address added');
  });

  it('fails with SQLite secure_delete off: the deleted rows stay in the file', () => {
    const outcome = runScenario('secure-delete-off');
    expect(outcome.searchAfter).toBe(0);
    expect(outcome.after.length, 'the scan must find what secure_delete would have zeroed').toBeGreaterThan(0);
    expect(outcome.after.every((hit) => hit.file === 'hirebox.db')).toBe(true);
  });

  it("fails with FTS5 secure-delete off: search hides the rows, the index's segments still hold them", () => {
    const outcome = runScenario('fts-secure-delete-off');
    expect(outcome.searchAfter, "FTS5's delete keys hide the row from search").toBe(0);
    expect(outcome.after.length, 'but its tokens stay in the older segments').toBeGreaterThan(0);
    expect(outcome.after.every((hit) => hit.file === 'hirebox.db')).toBe(true);
    expect(outcome.ownersAfter).toEqual(['message_search_data']);
  });
});

describe('the trace scan', () => {
  it('finds a marker in every form it claims to, and in file names', () => {
    const temp = makeTempFolder('hirebox-scan-');
    temps.push(temp);
    const marker = newMarker();
    const write = (name: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(temp.folder, name)), { recursive: true });
      fs.writeFileSync(path.join(temp.folder, name), content);
    };
    write('raw.bin', Buffer.concat([randomBytes(100), Buffer.from(marker), randomBytes(100)]));
    write('deep/er/upper.txt', `Subject: ${marker.toUpperCase()}`);
    for (const lead of [0, 1, 2]) {
      write(`base64-${lead}.eml`, Buffer.concat([Buffer.from('xyz'.slice(0, lead)), Buffer.from(`mail for ${marker} ok`)]).toString('base64'));
    }
    write('base64url.json', Buffer.from(`>>?${marker}?>>`).toString('base64url'));
    write('soft-breaks.eml', `Body: ${marker.slice(0, 5)}=\r\n${marker.slice(5, 9)}=${marker.charCodeAt(9).toString(16).toUpperCase()}${marker.slice(10)}`);
    write(`cache/${marker}.html`, 'nothing inside');
    write('clean.txt', 'no trace here');

    const found = new Map<string, string[]>();
    for (const hit of findTraces(temp.folder, marker)) found.set(hit.file, [...(found.get(hit.file) ?? []), hit.form]);
    expect([...found.keys()].sort()).toEqual(
      ['raw.bin', 'deep/er/upper.txt', 'base64-0.eml', 'base64-1.eml', 'base64-2.eml', 'base64url.json', 'soft-breaks.eml', `cache/${marker}.html`].sort(),
    );
    expect(found.get('raw.bin')).toEqual(['raw']);
    expect(found.get('deep/er/upper.txt')).toEqual(['lower-case']);
    for (const lead of [0, 1, 2]) expect(found.get(`base64-${lead}.eml`)).toEqual(['base64']);
    // Identical to plain base64 unless the encoding holds '+' or '/'.
    expect(found.get('base64url.json')).toEqual([expect.stringMatching(/^base64(url)?$/)]);
    expect(found.get('soft-breaks.eml')).toEqual(['quoted-printable']);
    expect(found.get(`cache/${marker}.html`)).toEqual(['file-name']);
  });
});

// Issue 24: the same proof through the product's channels, on a real data folder and a real
// Dovecot, for everything Hirebox keeps of a candidate — synced mail with an attachment, a
// draft, a scheduled mail, a temp file of an opened attachment, a log line — and for the
// erasure report, a crash right after the deletion's transaction, anonymising by the
// retention rule, and the data export.

const mailUsers = ['pia', 'quinn', 'rosa', 'sven', 'tara', 'uwe', 'vera'].map((name) => ({ name: `${name}@hirebox.test`, password: `${name}-password` }));
let dovecot: Dovecot;
const running: Engine[] = [];
const processes: EngineProcess[] = [];

beforeAll(async () => {
  // The SIGKILL runs start the engine as `hirebox serve` from dist/headless.
  buildShells();
  dovecot = await startDovecot({ users: mailUsers });
}, 60_000);

afterAll(async () => {
  for (const engine of running) await engine.close().catch(() => undefined);
  for (const process of processes) await process.stop().catch(() => undefined);
  await dovecot?.stop();
});

function openEngine(folder: string): { engine: Engine; logger: FileLogger } {
  const dataFolder = prepareDataFolder(folder);
  const logger = new FileLogger({ folder: path.join(dataFolder, 'logs') });
  const engine = Engine.open({ dataFolder, logger, version: '0.0.0-test', secrets: KeyFileSecretBox.open(dataFolder), sync: { live: false } });
  running.push(engine);
  return { engine, logger };
}

interface MarkedCandidate {
  engine: Engine;
  logger: FileLogger;
  dataFolder: string;
  marker: string;
  ownerId: string;
  candidateId: string;
  jobId: string;
  attachmentId: string;
}

/** Anna's application to `user`: subject, body, sender name and a PDF attachment's name and content carry `marker`. */
function markedMail(marker: string, address: string, user: string): { internalDate: Date; raw: string; cv: Buffer } {
  const cv = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(48), Buffer.from(`Lebenslauf von Anna ${marker}`), randomBytes(48)]);
  const boundary = 'r3-b1';
  return {
    internalDate: new Date(Date.now() - 3_600_000),
    raw: [
      `From: Anna Marker-${marker} <${address}>`,
      `To: Olivia Owner <${user}>`,
      `Subject: Bewerbung ${marker}`,
      `Date: ${new Date(Date.now() - 3_600_000).toUTCString()}`,
      `Message-ID: <${marker}@example.org>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Anbei mein Lebenslauf ${marker}.`,
      `--${boundary}`,
      `Content-Type: application/pdf; name="cv-${marker}.pdf"`,
      `Content-Disposition: attachment; filename="cv-${marker}.pdf"`,
      'Content-Transfer-Encoding: base64',
      '',
      cv.toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
    cv,
  };
}

/**
 * A minidump as the desktop shell's Electron would leave it in `<data folder>/crash-dumps`
 * (`app.setPath('crashDumps')`): a copy of memory that held her mail, quoted-printable too.
 */
function writeCrashDump(dataFolder: string, marker: string): void {
  const folder = path.join(dataFolder, 'crash-dumps', 'completed');
  fs.mkdirSync(folder, { recursive: true });
  const memory = Buffer.concat([Buffer.from('MDMP'), randomBytes(96), Buffer.from(`Subject: Bewerbung ${marker}\r\nAnbei=20mein Lebenslauf ${marker}`), randomBytes(96)]);
  fs.writeFileSync(path.join(folder, `${randomUUID()}.dmp`), memory);
}

/** A candidate whose name, address, subject, body, attachment name and content, draft, scheduled mail, a log line and a crash dump carry `marker`. */
async function markedCandidate(user: string): Promise<MarkedCandidate> {
  const temp = makeTempFolder('hirebox-r3-engine-');
  temps.push(temp);
  const { engine, logger } = openEngine(temp.folder);
  const dataFolder = temp.folder;
  const marker = newMarker();
  const session = value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Olivia Owner', email: user } }));
  const ownerId = session.user.id;
  const job = value(await engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const address = `anna.${marker}@example.org`;
  const candidate = value(await engine.call(installationOwner, 'candidates:create', { name: `Anna Marker-${marker}`, addresses: [address], applications: [{ jobId: job.id }] }));
  writeMaildirMessages(dovecot, user, 'INBOX', [markedMail(marker, address, user)]);
  const mailbox = await connectDovecotMailbox(engine, dovecot, user, mailUsers.find((known) => known.name === user)!.password);
  value(await engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
  const threads = value(await engine.call(installationOwner, 'inbox:list', {}));
  expect(threads.items).toHaveLength(1);
  const thread = value(await engine.call(installationOwner, 'threads:get', { threadId: threads.items[0]!.id }));
  const attachmentId = thread.messages[0]!.attachments[0]!.id;
  // Opened: as a shell keeps it while the viewer app has it, in tmp/ named by the attachment.
  const opened = value(await engine.call(installationOwner, 'attachments:open', { attachmentId }));
  fs.mkdirSync(path.join(dataFolder, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(dataFolder, 'tmp', `${attachmentId}-${opened.fileName}`), engine.blobs.fetch(ownerId, opened.blobId)!.data);
  writeCrashDump(dataFolder, marker);

  engine.store.drafts.save(
    ownerId,
    { place: `thread:${thread.id}`, candidateId: candidate.id, mailboxId: mailbox.id, replyToMessageId: thread.messages[0]!.id, to: address, cc: '', bcc: '', subject: '', body: `Liebe Anna, Entwurf ${marker}`, composer: { mode: 'reply', showBcc: false } },
    new Date().toISOString(),
  );
  // A filled template, scheduled for tomorrow: queued in the outbox with its frozen MIME.
  value(
    await engine.call(installationOwner, 'outbox:send', {
      mailboxId: mailbox.id,
      candidateId: candidate.id,
      to: [address],
      subject: `Einladung ${marker}`,
      body: `Hallo Anna Marker-${marker}, wir laden Sie ein.`,
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  );
  logger.info('candidate named', { name: `Anna Marker-${marker}` });
  logger.info('unrelated line stays');
  return { engine, logger, dataFolder, marker, ownerId, candidateId: candidate.id, jobId: job.id, attachmentId };
}

async function searchHits(engine: Engine, marker: string): Promise<number> {
  return value(await engine.call(installationOwner, 'messages:search', { text: marker, limit: 50 })).items.length;
}

function expectMarkedBefore(subject: MarkedCandidate): void {
  const before = findTraces(subject.dataFolder, subject.marker);
  const files = new Set(before.map((hit) => hit.file.split('/')[0]));
  expect([...files].sort(), describeTraces(before)).toEqual(expect.arrayContaining(['attachments', 'crash-dumps', 'logs', 'tmp']));
  expect(before.some((hit) => hit.file.startsWith('hirebox.db'))).toBe(true);
}

const expectedCounts = {
  messages: 1,
  attachments: 1,
  attachmentFiles: 1,
  drafts: 1,
  outboxItems: 1,
  scheduledItems: 1,
  threads: 1,
  comments: 0,
  searchRows: 1,
  addresses: 1,
  links: 1,
  logLines: 1,
  tempFiles: 1,
  cacheFiles: 0,
  crashDumps: 1,
};

describe('issue 24: erasure through the channels, with Dovecot, drafts, scheduled mail, temp files and logs', () => {
  it('finds the marker on disk and by search before; after "candidates:delete" in no file and no search, and the report counts each kind', async () => {
    const subject = await markedCandidate('pia@hirebox.test');
    expectMarkedBefore(subject);
    expect(await searchHits(subject.engine, subject.marker)).toBe(1);

    const { report } = value(await subject.engine.call(installationOwner, 'candidates:delete', { candidateId: subject.candidateId }));
    expect(report).toMatchObject({ action: 'deleted', trigger: 'request', performedBy: 'Olivia Owner', purgeComplete: true, counts: expectedCounts });
    expect(report.subjectRef).toMatch(/^[0-9a-f]{16}$/);
    subject.logger.info('logging goes on');

    const after = findTraces(subject.dataFolder, subject.marker);
    expect(after, describeTraces(after)).toEqual([]);
    expect(await searchHits(subject.engine, subject.marker)).toBe(0);
    expect(value(await subject.engine.call(installationOwner, 'outbox:list', { limit: 50 })).items).toEqual([]);
    // The report is kept, listed, and exportable as text holding no name or address.
    expect(value(await subject.engine.call(installationOwner, 'privacy:reports', {}))).toEqual([report]);
    const file = value(await subject.engine.call(installationOwner, 'privacy:report-file', { reportId: report.id, language: 'de' }));
    const text = subject.engine.blobs.fetch(subject.ownerId, file.blobId)!.data.toString('utf8');
    expect(text).toContain(report.subjectRef);
    expect(text).toContain('Gespeicherte E-Mails: 1');
    expect(text.toLowerCase()).not.toContain(subject.marker);
  }, 60_000);

  it('anonymising by the retention rule: preview first, then no trace, while job, stage and dates stay', async () => {
    const subject = await markedCandidate('rosa@hirebox.test');
    expectMarkedBefore(subject);
    const { engine } = subject;
    expect(value(await engine.call(installationOwner, 'privacy:retention', {})).due, 'off by default: no one is due').toEqual([]);
    // The rule counts months of no activity; a clock two years ahead makes everyone due.
    const later = new Date(Date.now() + 2 * 366 * 86_400_000);
    vi.useFakeTimers({ now: later, toFake: ['Date'] });
    let preview;
    try {
      preview = value(await engine.call(installationOwner, 'privacy:set-retention', { enabled: true, months: 12, action: 'anonymise' }));
    } finally {
      vi.useRealTimers();
    }
    expect(preview.due.map((entry) => entry.candidateId)).toEqual([subject.candidateId]);
    expect(preview.due[0]!.jobTitles).toEqual(['Backend Engineer']);
    const before = value(await engine.call(installationOwner, 'candidates:get', { candidateId: subject.candidateId }));

    vi.useFakeTimers({ now: later, toFake: ['Date'] });
    let run: { reports: ErasureReport[]; skipped: number };
    try {
      run = value(await engine.call(installationOwner, 'privacy:run-retention', { candidateIds: [subject.candidateId] }));
    } finally {
      vi.useRealTimers();
    }
    expect(run.skipped).toBe(0);
    expect(run.reports[0]).toMatchObject({ action: 'anonymised', trigger: 'retention', counts: expectedCounts, purgeComplete: true });

    const after = findTraces(subject.dataFolder, subject.marker);
    expect(after, describeTraces(after)).toEqual([]);
    expect(await searchHits(engine, subject.marker)).toBe(0);
    const kept = value(await engine.call(installationOwner, 'candidates:get', { candidateId: subject.candidateId }));
    expect(kept.name).toMatch(/^Anonym [0-9a-f]{8}$/);
    expect(kept.addresses).toEqual([]);
    expect(kept.applications.map(({ jobId, stage, createdAt }) => ({ jobId, stage, createdAt }))).toEqual(
      before.applications.map(({ jobId, stage, createdAt }) => ({ jobId, stage, createdAt })),
    );
    // Anonymised once: never due again.
    vi.useFakeTimers({ now: later, toFake: ['Date'] });
    try {
      expect(value(await engine.call(installationOwner, 'privacy:retention', {})).due).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it('exports the candidate as a zip whose .eml files parse, with the attachment, and leaves no copy in the data folder', async () => {
    const subject = await markedCandidate('tara@hirebox.test');
    const filesBefore = listFiles(subject.dataFolder).filter((file) => !file.startsWith('logs/') && !file.startsWith('hirebox.db'));
    const ref = value(await subject.engine.call(installationOwner, 'privacy:export', { candidateId: subject.candidateId }));
    expect(ref).toMatchObject({ mimeType: 'application/zip', fileName: expect.stringMatching(/^hirebox-export-[0-9a-f]{16}\.zip$/) });
    const zip = subject.engine.blobs.fetch(subject.ownerId, ref.blobId)!.data;
    const entries = await unzip(zip);
    expect([...entries.keys()].sort()).toEqual(['candidate.json', 'mail/001.eml']);
    const data = JSON.parse(entries.get('candidate.json')!.toString('utf8')) as {
      candidate: { id: string; name: string; addresses: { address: string }[] };
      applications: { job: string; stage: string }[];
      mail: { subject: string; attachments: { fileName: string; included: boolean }[] }[];
    };
    expect(data.candidate).toMatchObject({ id: subject.candidateId, name: `Anna Marker-${subject.marker}`, addresses: [{ address: `anna.${subject.marker}@example.org` }] });
    expect(data.applications).toEqual([expect.objectContaining({ job: 'Backend Engineer', stage: 'applied' })]);
    expect(data.mail).toEqual([expect.objectContaining({ subject: `Bewerbung ${subject.marker}`, attachments: [expect.objectContaining({ fileName: `cv-${subject.marker}.pdf`, included: true })] })]);
    const mail = await simpleParser(entries.get('mail/001.eml')!);
    expect(mail.subject).toBe(`Bewerbung ${subject.marker}`);
    expect(mail.messageId).toBe(`<${subject.marker}@example.org>`);
    expect(mail.text).toContain(`Anbei mein Lebenslauf ${subject.marker}.`);
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual([`cv-${subject.marker}.pdf`]);
    expect(mail.attachments[0]!.content.toString('latin1')).toContain(`Lebenslauf von Anna ${subject.marker}`);

    // No copy: no file was added, and none holds the zip's bytes.
    const filesAfter = listFiles(subject.dataFolder).filter((file) => !file.startsWith('logs/') && !file.startsWith('hirebox.db'));
    expect(filesAfter).toEqual(filesBefore);
    const zipSignature = zip.subarray(zip.length - 22);
    for (const file of listFiles(subject.dataFolder)) {
      expect(fs.readFileSync(path.join(subject.dataFolder, ...file.split('/'))).includes(zipSignature), file).toBe(false);
    }
    // A hiring manager may not export.
    const manager = value(await subject.engine.call(installationOwner, 'users:create', { name: 'Hanna Manager', email: 'hanna@hirebox.test', role: 'hiring-manager' }));
    const { userCaller } = await import('../../electron/core/api/caller.js');
    expect(await subject.engine.call(userCaller(manager.id), 'privacy:export', { candidateId: subject.candidateId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);
});

// The literal crash: the engine as users run it, `hirebox serve` in a process of its own,
// stopped dead (HIREBOX_ENGINE_TUNING faults.haltAfterErasureCommit) the moment the
// erasure's transaction has committed — before any file was purged or the WAL
// checkpointed — then SIGKILLed and started again on the same data folder.

/** `hirebox serve` on `dataFolder` without live sync; with `haltFile`, halting after the first erasure commits. */
async function serveOn(dataFolder: string, haltFile?: string): Promise<EngineProcess> {
  const tuning = { sync: { live: false }, ...(haltFile === undefined ? {} : { faults: { haltAfterErasureCommit: haltFile } }) };
  const engine = await startEngineProcess({ dataFolder, env: { [engineTuningVariable]: JSON.stringify(tuning) } });
  processes.push(engine);
  return engine;
}

interface ServedCandidate {
  dataFolder: string;
  marker: string;
  candidateId: string;
}

/**
 * `markedCandidate` through a `hirebox serve` process: the same marked mail synced from
 * Dovecot, the opened attachment in tmp/, a draft and a scheduled mail; then the engine
 * stops and a log line naming her is written as an earlier run would have (with `age`, her
 * every activity is also moved two years back, so the retention rule finds her due).
 */
async function servedCandidate(user: string, options: { age?: boolean } = {}): Promise<ServedCandidate> {
  const temp = makeTempFolder('hirebox-r3-serve-');
  temps.push(temp);
  const dataFolder = temp.folder;
  const marker = newMarker();
  const engine = await serveOn(dataFolder);
  await engine.call('setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Olivia Owner', email: user } });
  const job = await engine.call<{ id: string }>('jobs:create', { title: 'Backend Engineer' });
  const address = `anna.${marker}@example.org`;
  const candidate = await engine.call<{ id: string }>('candidates:create', { name: `Anna Marker-${marker}`, addresses: [address], applications: [{ jobId: job.id }] });
  const mail = markedMail(marker, address, user);
  writeMaildirMessages(dovecot, user, 'INBOX', [mail]);
  const smtp = await startSmtpServer(dovecot);
  let mailbox: { id: string };
  try {
    mailbox = await engine.call<{ id: string }>('mailboxes:connect', {
      address: user,
      userName: user,
      password: mailUsers.find((known) => known.name === user)!.password,
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    });
  } finally {
    await smtp.close();
  }
  await engine.call('mailboxes:sync-now', { mailboxId: mailbox.id });
  const threads = await engine.call<{ items: { id: string }[] }>('inbox:list', {});
  expect(threads.items).toHaveLength(1);
  const thread = await engine.call<{ id: string; messages: { id: string; attachments: { id: string }[] }[] }>('threads:get', { threadId: threads.items[0]!.id });
  const attachmentId = thread.messages[0]!.attachments[0]!.id;
  const opened = await engine.call<{ fileName: string }>('attachments:open', { attachmentId });
  fs.mkdirSync(path.join(dataFolder, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(dataFolder, 'tmp', `${attachmentId}-${opened.fileName}`), mail.cv);
  writeCrashDump(dataFolder, marker);
  await engine.call('drafts:save', {
    place: `thread:${thread.id}`,
    candidateId: candidate.id,
    mailboxId: mailbox.id,
    replyToMessageId: thread.messages[0]!.id,
    to: address,
    cc: '',
    bcc: '',
    subject: '',
    body: `Liebe Anna, Entwurf ${marker}`,
    composer: { mode: 'reply', showBcc: false },
  });
  await engine.call('outbox:send', {
    mailboxId: mailbox.id,
    candidateId: candidate.id,
    to: [address],
    subject: `Einladung ${marker}`,
    body: `Hallo Anna Marker-${marker}, wir laden Sie ein.`,
    sendAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await engine.stop();

  const logger = new FileLogger({ folder: path.join(dataFolder, 'logs') });
  logger.info('candidate named', { name: `Anna Marker-${marker}` });
  logger.info('unrelated line stays');
  logger.close();
  if (options.age === true) {
    const longAgo = new Date(Date.now() - 2 * 366 * 86_400_000).toISOString();
    query(path.join(dataFolder, 'hirebox.db'), (db) => {
      db.prepare('UPDATE candidates SET created_at = ? WHERE id = ?').run(longAgo, candidate.id);
      db.prepare('UPDATE applications SET created_at = ? WHERE candidate_id = ?').run(longAgo, candidate.id);
      db.prepare('UPDATE messages SET date = ? WHERE id IN (SELECT message_id FROM links WHERE candidate_id = ?)').run(longAgo, candidate.id);
      db.prepare('UPDATE drafts SET updated_at = ? WHERE candidate_id = ?').run(longAgo, candidate.id);
      db.prepare('UPDATE outbox_items SET updated_at = ? WHERE candidate_id = ?').run(longAgo, candidate.id);
    });
  }
  const before = findTraces(dataFolder, marker);
  expect([...new Set(before.map((hit) => hit.file.split('/')[0]))].sort(), describeTraces(before)).toEqual(expect.arrayContaining(['attachments', 'crash-dumps', 'hirebox.db', 'logs', 'tmp']));
  return { dataFolder, marker, candidateId: candidate.id };
}

/**
 * Sends `channel` to a serve process that halts once the erasure committed, waits for the
 * halt, SIGKILLs it there and returns the committed report's id; the call itself never
 * got an answer.
 */
async function killAfterCommit(dataFolder: string, channel: string, input: unknown, before?: (engine: EngineProcess) => Promise<void>): Promise<string> {
  const haltFolder = makeTempFolder('hirebox-r3-halt-');
  temps.push(haltFolder);
  const haltFile = path.join(haltFolder.folder, 'committed');
  const engine = await serveOn(dataFolder, haltFile);
  await before?.(engine);
  const answer = engine.client.call(channel as never, input as never);
  await vi.waitFor(() => expect(fs.existsSync(haltFile) && fs.readFileSync(haltFile, 'utf8') !== '').toBe(true), { timeout: 20_000, interval: 20 });
  await engine.kill();
  expect(await answer, 'killed before it could answer').toMatchObject({ ok: false, error: { code: 'network' } });
  return fs.readFileSync(haltFile, 'utf8');
}

describe('issue 24: SIGKILL of `hirebox serve` right after the erasure transaction, then a restart on the same data folder', () => {
  it('candidates:delete: the marker is on disk at the kill; after the restart in no file and no search, and the report counts each kind', async () => {
    const subject = await servedCandidate('uwe@hirebox.test');
    const reportId = await killAfterCommit(subject.dataFolder, 'candidates:delete', { candidateId: subject.candidateId });

    // The state the kill left: committed, nothing purged, the WAL not checkpointed.
    expect(findTraces(subject.dataFolder, subject.marker).length, 'the files still hold her at the kill').toBeGreaterThan(0);
    expect(listFiles(subject.dataFolder)).toEqual(expect.arrayContaining(['hirebox.db-wal', 'hirebox.db-shm']));

    const restarted = await serveOn(subject.dataFolder);
    const after = findTraces(subject.dataFolder, subject.marker);
    expect(after, describeTraces(after)).toEqual([]);
    expect((await restarted.call<{ items: unknown[] }>('messages:search', { text: subject.marker, limit: 50 })).items).toEqual([]);
    expect(await restarted.call<unknown[]>('outbox:list', { limit: 50 })).toMatchObject({ items: [] });
    const reports = await restarted.call<ErasureReport[]>('privacy:reports', {});
    expect(reports).toEqual([expect.objectContaining({ id: reportId, action: 'deleted', trigger: 'request', performedBy: 'Olivia Owner', purgeComplete: true, counts: expectedCounts })]);
    expect((await restarted.client.call('candidates:get', { candidateId: subject.candidateId })) as unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // Stopped in order, the WAL folded in: still no trace.
    await restarted.stop();
    const stopped = findTraces(subject.dataFolder, subject.marker);
    expect(stopped, describeTraces(stopped)).toEqual([]);
  }, 90_000);

  it('privacy:run-retention (anonymise): the preview lists her first; after the kill and restart no trace, job and stage stay', async () => {
    const subject = await servedCandidate('vera@hirebox.test', { age: true });
    let applicationsBefore: unknown[] = [];
    const reportId = await killAfterCommit(subject.dataFolder, 'privacy:run-retention', { candidateIds: [subject.candidateId] }, async (engine) => {
      const preview = await engine.call<{ due: { candidateId: string; jobTitles: string[] }[] }>('privacy:set-retention', { enabled: true, months: 12, action: 'anonymise' });
      expect(preview.due.map((entry) => [entry.candidateId, entry.jobTitles])).toEqual([[subject.candidateId, ['Backend Engineer']]]);
      const before = await engine.call<{ applications: { jobId: string; stage: string; createdAt: string }[] }>('candidates:get', { candidateId: subject.candidateId });
      applicationsBefore = before.applications.map(({ jobId, stage, createdAt }) => ({ jobId, stage, createdAt }));
    });
    expect(findTraces(subject.dataFolder, subject.marker).length, 'the files still hold her at the kill').toBeGreaterThan(0);

    const restarted = await serveOn(subject.dataFolder);
    const after = findTraces(subject.dataFolder, subject.marker);
    expect(after, describeTraces(after)).toEqual([]);
    expect((await restarted.call<{ items: unknown[] }>('messages:search', { text: subject.marker, limit: 50 })).items).toEqual([]);
    const [report] = await restarted.call<ErasureReport[]>('privacy:reports', {});
    expect(report).toMatchObject({ id: reportId, action: 'anonymised', trigger: 'retention', purgeComplete: true, counts: expectedCounts });
    const kept = await restarted.call<{ name: string; addresses: unknown[]; applications: { jobId: string; stage: string; createdAt: string }[] }>('candidates:get', { candidateId: subject.candidateId });
    expect(kept.name).toMatch(/^Anonym [0-9a-f]{8}$/);
    expect(kept.addresses).toEqual([]);
    expect(kept.applications.map(({ jobId, stage, createdAt }) => ({ jobId, stage, createdAt }))).toEqual(applicationsBefore);
    expect((await restarted.call<{ due: unknown[] }>('privacy:retention', {})).due, 'anonymised once: never due again').toEqual([]);
    await restarted.stop();
    const stopped = findTraces(subject.dataFolder, subject.marker);
    expect(stopped, describeTraces(stopped)).toEqual([]);
  }, 90_000);
});

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}
