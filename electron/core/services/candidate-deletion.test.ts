import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogFields, Logger, LogLevel } from '../log/logger.js';
import { PurgeRunner } from '../purge/purge-runner.js';
import type { Database } from '../store/database.js';
import { openDatabase } from '../store/database.js';
import { Store } from '../store/store.js';
import { createdAt, makeTempFolder, seedCandidate, seedJob, seedMailbox, seedThread, seedUser, type TempFolder } from '../store/test-support.js';
import { CandidateDeletion } from './candidate-deletion.js';

// Raw SQL on a second connection seeds what no repository writes yet (locations,
// attachments, drafts, outbox items, JWZ nodes) and reads what the deletion must remove.

/** Remembers every line, to prove nothing logged names the deleted candidate. */
class RecordingLogger implements Logger {
  readonly lines: { level: LogLevel; message: string; fields: LogFields }[] = [];
  closed = 0;
  debug(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'error', message, fields });
  }
  child(): Logger {
    return this;
  }
  close(): void {
    this.closed += 1;
  }
  text(): string {
    return JSON.stringify(this.lines).toLowerCase();
  }
}

let temp: TempFolder;
let dataFolder: string;
let file: string;
let store: Store;
let db: Database;
let logger: RecordingLogger;
let deletion: CandidateDeletion;

beforeEach(() => {
  temp = makeTempFolder();
  dataFolder = temp.folder;
  file = path.join(dataFolder, 'hirebox.db');
  store = Store.open(file);
  db = openDatabase(file);
  logger = new RecordingLogger();
  deletion = new CandidateDeletion({ store, dataFolder, logger });
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  store.close();
  temp.remove();
});

function count(table: string, where = '1', ...parameters: unknown[]): number {
  return db.prepare<unknown[], number>(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(...parameters)!;
}

function search(term: string): number {
  return db.prepare<[string], number>('SELECT count(*) FROM message_search WHERE message_search MATCH ?').pluck().get(`"${term}"`)!;
}

function writeDataFile(relative: string, content = 'data'): string {
  const target = path.join(dataFolder, ...relative.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  return target;
}

function addAttachment(messageId: string, contentHash: string): string {
  const id = randomUUID();
  db.prepare("INSERT INTO attachments (id, message_id, content_hash, file_name, mime_type, size) VALUES (?, ?, ?, 'cv.pdf', 'application/pdf', 4)").run(
    id,
    messageId,
    contentHash,
  );
  writeDataFile(`attachments/${contentHash}`);
  return id;
}

function addDraft(authorId: string, candidateId: string | null, attachmentHash?: string): string {
  const id = randomUUID();
  db.prepare("INSERT INTO drafts (id, author_user_id, candidate_id, subject, created_at, updated_at) VALUES (?, ?, ?, 'Draft', 'now', 'now')").run(
    id,
    authorId,
    candidateId,
  );
  if (attachmentHash !== undefined) {
    db.prepare("INSERT INTO draft_attachments (id, draft_id, content_hash, file_name, mime_type, size) VALUES (?, ?, ?, 'offer.pdf', 'application/pdf', 4)").run(
      randomUUID(),
      id,
      attachmentHash,
    );
    writeDataFile(`attachments/${attachmentHash}`);
  }
  return id;
}

function addNode(header: string, threadId: string, messageId: string | null, parentHeader: string | null): void {
  db.prepare('INSERT INTO thread_nodes (message_id_header, thread_id, message_id, parent_message_id_header) VALUES (?, ?, ?, ?)').run(
    header,
    threadId,
    messageId,
    parentHeader,
  );
}

function headerOf(messageId: string): string {
  return db.prepare<[string], string>('SELECT message_id_header FROM messages WHERE id = ?').pluck().get(messageId)!;
}

/** Anna, with a thread of her own and one she shares with Bert; plus everything that hangs off her. */
function seedWorld() {
  const recruiter = seedUser(store, 'recruiter');
  const mailboxId = seedMailbox(store, { ownerUserId: recruiter.id });
  const jobId = seedJob(store);
  const anna = seedCandidate(store, { name: 'Anna Ärger', addresses: ['anna.aerger@example.org', 'a.aerger@mail.example'], jobIds: [jobId] });
  const bert = seedCandidate(store, { name: 'Bert Bleibt', addresses: ['bert@example.org'], jobIds: [jobId] });

  const own = seedThread(store, mailboxId, [
    { date: '2025-03-01T10:00:00Z', subject: 'Bewerbung annaonly', body: 'Lebenslauf annaonly', links: [{ candidateId: anna }] },
    { date: '2025-03-01T11:00:00Z', subject: 'Re: Bewerbung annaonly', links: [{ candidateId: anna, reason: 'reply-chain' }] },
  ]);
  // A JWZ chain: an ancestor never stored, then Anna's mails.
  addNode('<ancestor@example.org>', own.threadId, null, null);
  addNode(headerOf(own.messageIds[0]!), own.threadId, own.messageIds[0]!, '<ancestor@example.org>');
  addNode(headerOf(own.messageIds[1]!), own.threadId, own.messageIds[1]!, headerOf(own.messageIds[0]!));

  const mixed = seedThread(store, mailboxId, [
    { date: '2025-03-02T10:00:00Z', subject: 'Termin annamixed', links: [{ candidateId: anna }] },
    { date: '2025-03-02T11:00:00Z', subject: 'Referenz bothlinked', links: [{ candidateId: bert }, { candidateId: anna, reason: 'manual' }] },
    { date: '2025-03-02T12:00:00Z', subject: 'Re: Termin annareply', links: [{ candidateId: anna }] },
  ]);
  const [annaMixed, shared, annaReply] = mixed.messageIds as [string, string, string];
  // Anna's first mail is the parent of the shared one; her reply hangs below the shared one.
  addNode(headerOf(annaMixed), mixed.threadId, annaMixed, null);
  addNode(headerOf(shared), mixed.threadId, shared, headerOf(annaMixed));
  addNode(headerOf(annaReply), mixed.threadId, annaReply, headerOf(shared));
  addNode('<lost-reply-parent@example.org>', mixed.threadId, null, null);
  db.prepare("UPDATE thread_nodes SET parent_message_id_header = '<lost-reply-parent@example.org>' WHERE message_id = ?").run(annaReply);

  for (const messageId of [...own.messageIds, ...mixed.messageIds]) {
    db.prepare("INSERT INTO message_locations (id, message_id, mailbox_id, provider_id) VALUES (?, ?, ?, ?)").run(randomUUID(), messageId, mailboxId, `p-${messageId}`);
    store.messages.markRead(recruiter.id, messageId, createdAt);
  }
  const cvHash = 'a'.repeat(64);
  const sharedHash = 'b'.repeat(64);
  const bertHash = 'c'.repeat(64);
  const draftHash = 'd'.repeat(64);
  const cvAttachment = addAttachment(own.messageIds[0]!, cvHash);
  addAttachment(annaMixed, sharedHash);
  addAttachment(shared, sharedHash); // the same file on Bert's message: it stays
  addDraft(recruiter.id, bert, bertHash);
  addDraft(recruiter.id, anna, draftHash);
  const bertsDraftReplyingToAnna = addDraft(recruiter.id, bert);
  db.prepare('UPDATE drafts SET reply_to_message_id = ? WHERE id = ?').run(annaMixed, bertsDraftReplyingToAnna);
  db.prepare("INSERT INTO link_exclusions (dedupe_key, candidate_id, created_at) VALUES ('mid:<other@example.org>', ?, 'now')").run(anna);
  db.prepare(
    "INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, candidate_id, thread_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', 'now', 'now')",
  ).run(randomUUID(), `<${randomUUID()}@hirebox>`, mailboxId, recruiter.id, anna, own.threadId);

  return { recruiter, mailboxId, anna, bert, own, mixed, shared, annaMixed, annaReply, cvHash, sharedHash, bertHash, draftHash, cvAttachment, bertsDraftReplyingToAnna };
}

describe('CandidateDeletion.deleteCandidate', () => {
  it("deletes the candidate and every row stored only because of them, in one go", () => {
    const world = seedWorld();
    expect(search('annaonly')).toBe(2);
    expect(search('annamixed')).toBe(1);

    const result = deletion.deleteCandidate(world.anna);

    expect(result).toEqual({ purgeJobId: expect.any(String), purgeComplete: true, report: expect.objectContaining({ action: 'deleted', purgeComplete: true }) });
    expect(store.candidates.get(world.anna)).toBeNull();
    for (const table of ['candidate_addresses', 'applications', 'links', 'link_exclusions', 'drafts', 'outbox_items']) {
      expect(count(table, 'candidate_id = ?', world.anna), table).toBe(0);
    }
    // Her own messages and what hangs off them; the shared one stays.
    expect(db.prepare('SELECT id FROM messages ORDER BY id').pluck().all()).toEqual([world.shared]);
    expect(count('message_locations')).toBe(1);
    expect(count('message_reads')).toBe(1);
    expect(db.prepare('SELECT message_id FROM attachments').pluck().all()).toEqual([world.shared]);
    expect(count('draft_attachments')).toBe(1); // Bert's draft's
    expect(db.prepare('SELECT reply_to_message_id FROM drafts WHERE id = ?').pluck().get(world.bertsDraftReplyingToAnna)).toBeNull();
    // Search entries go by trigger.
    expect(search('annaonly')).toBe(0);
    expect(search('lebenslauf')).toBe(0);
    expect(search('annamixed')).toBe(0);
    expect(search('annareply')).toBe(0);
  });

  it('keeps a message also linked to another candidate for that one, searchable', () => {
    const world = seedWorld();
    deletion.deleteCandidate(world.anna);
    expect(db.prepare('SELECT candidate_id FROM links WHERE message_id = ?').pluck().all(world.shared)).toEqual([world.bert]);
    expect(search('bothlinked')).toBe(1);
    const threads = store.threads.list({ scope: { kind: 'all' }, viewerUserId: world.recruiter.id, limit: 10 }).items;
    expect(threads.map((thread) => [thread.id, thread.messageCount, thread.candidates.map((c) => c.id)])).toEqual([
      [world.mixed.threadId, 1, [world.bert]],
    ]);
  });

  it('removes threads left without messages with their JWZ nodes, and placeholders nothing stored needs any more', () => {
    const world = seedWorld();
    deletion.deleteCandidate(world.anna);
    expect(count('threads', 'id = ?', world.own.threadId)).toBe(0);
    expect(count('thread_nodes', 'thread_id = ?', world.own.threadId)).toBe(0);
    // In the kept thread: the shared message, and Anna's first mail as the placeholder
    // that still joins it to its parent; her reply's node and its lost parent go.
    const nodes = db
      .prepare<[string], { message_id_header: string; message_id: string | null }>(
        'SELECT message_id_header, message_id FROM thread_nodes WHERE thread_id = ? ORDER BY message_id_header',
      )
      .all(world.mixed.threadId);
    expect(nodes).toEqual(
      [
        { message_id_header: headerOf(world.shared), message_id: world.shared },
        { message_id_header: `<${world.annaMixed}@example.org>`, message_id: null },
      ].sort((a, b) => a.message_id_header.localeCompare(b.message_id_header)),
    );
  });

  it('purges the files at once: unused attachments, log lines naming the candidate; keeps shared files', () => {
    const world = seedWorld();
    const logs = path.join(dataFolder, 'logs');
    fs.mkdirSync(logs);
    fs.writeFileSync(
      path.join(logs, 'hirebox.log'),
      ['{"message":"engine started"}', '{"message":"added","name":"ANNA ÄRGER"}', '{"message":"sent","to":"A.Aerger@Mail.Example"}', ''].join('\n'),
    );
    const tempFile = writeDataFile(`tmp/${world.cvAttachment}-cv.pdf`);
    const cacheFolder = writeDataFile(`cache/${world.annaMixed}/body.html`);
    const unrelatedCache = writeDataFile(`cache/${world.shared}/body.html`);

    const { purgeJobId } = deletion.deleteCandidate(world.anna);

    const attachmentsLeft = fs.readdirSync(path.join(dataFolder, 'attachments')).sort();
    expect(attachmentsLeft).toEqual([world.sharedHash, world.bertHash].sort());
    expect(fs.readFileSync(path.join(logs, 'hirebox.log'), 'utf8')).toBe('{"message":"engine started"}\n');
    expect(fs.existsSync(tempFile)).toBe(false);
    expect(fs.existsSync(path.dirname(cacheFolder))).toBe(false);
    expect(fs.existsSync(unrelatedCache)).toBe(true);
    expect(store.purges.get(purgeJobId)).toBeNull();
    expect(count('purge_jobs')).toBe(0);
    expect(fs.statSync(`${file}-wal`).size).toBe(0); // checkpointed with TRUNCATE
    expect(logger.closed).toBe(1); // so a FileLogger reopens the rewritten log
  });

  it('logs the deletion without naming the candidate', () => {
    const world = seedWorld();
    deletion.deleteCandidate(world.anna);
    expect(logger.lines.map((line) => line.message)).toContain('candidate deleted');
    for (const term of ['anna', 'ärger', 'aerger', world.anna]) expect(logger.text()).not.toContain(term);
  });

  it('refuses an unknown candidate with not-found and changes nothing', () => {
    const world = seedWorld();
    expect(() => deletion.deleteCandidate(randomUUID())).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(count('purge_jobs')).toBe(0);
    expect(count('messages')).toBe(5);
    expect(store.candidates.get(world.anna)).not.toBeNull();
  });

  it('is all or nothing: a failure before commit leaves every row and file in place', () => {
    const world = seedWorld();
    vi.spyOn(store.purges, 'insert').mockImplementation(() => {
      throw new Error('disk full');
    });
    expect(() => deletion.deleteCandidate(world.anna)).toThrow('disk full');
    expect(store.candidates.get(world.anna)).not.toBeNull();
    expect(count('messages')).toBe(5);
    expect(count('threads')).toBe(2);
    expect(search('annaonly')).toBe(2);
    expect(fs.existsSync(path.join(dataFolder, 'attachments', world.cvHash))).toBe(true);
  });
});

describe('CandidateDeletion.resumePendingPurges', () => {
  it('finishes a purge cut short by a crash between commit and purge', () => {
    const world = seedWorld();
    fs.mkdirSync(path.join(dataFolder, 'logs'));
    fs.writeFileSync(path.join(dataFolder, 'logs', 'hirebox.log'), '{"name":"Anna Ärger"}\n{"message":"kept"}\n');
    // The process "dies" right after the commit: the purge never runs.
    vi.spyOn(PurgeRunner.prototype, 'run').mockImplementationOnce(() => {
      throw new Error('crash');
    });
    const { purgeJobId, purgeComplete } = deletion.deleteCandidate(world.anna);
    expect(purgeComplete).toBe(false);
    expect(store.candidates.get(world.anna)).toBeNull(); // committed
    expect(fs.existsSync(path.join(dataFolder, 'attachments', world.cvHash))).toBe(true);
    expect(store.purges.get(purgeJobId)?.items.map((item) => item.kind).sort()).toEqual(['attachment', 'attachment', 'log-lines']);

    // Next start: a fresh engine over the same data folder.
    store.close();
    store = Store.open(file);
    const restarted = new CandidateDeletion({ store, dataFolder, logger });
    expect(restarted.resumePendingPurges()).toBe(1);

    expect(fs.existsSync(path.join(dataFolder, 'attachments', world.cvHash))).toBe(false);
    expect(fs.existsSync(path.join(dataFolder, 'attachments', world.draftHash))).toBe(false);
    expect(fs.readFileSync(path.join(dataFolder, 'logs', 'hirebox.log'), 'utf8')).toBe('{"message":"kept"}\n');
    expect(count('purge_jobs')).toBe(0);
    expect(restarted.resumePendingPurges()).toBe(0);
  });

  it('keeps a failing job with attempts and its error, finishes the rest, never throws', () => {
    const world = seedWorld();
    // A folder where the attachment file should be: removing it fails.
    fs.rmSync(path.join(dataFolder, 'attachments', world.cvHash));
    fs.mkdirSync(path.join(dataFolder, 'attachments', world.cvHash, 'stuck'), { recursive: true });

    const { purgeJobId, purgeComplete } = deletion.deleteCandidate(world.anna);

    expect(purgeComplete).toBe(false);
    expect(fs.existsSync(path.join(dataFolder, 'attachments', world.draftHash))).toBe(false); // the other item ran
    const job = store.purges.get(purgeJobId)!;
    expect(job.attempts).toBe(1);
    expect(job.lastError).toMatch(/^attachment: /);
    expect(job.items.filter((item) => item.doneAt === null)).toEqual([
      { kind: 'attachment', target: `attachments/${world.cvHash}`, doneAt: null },
    ]);
    // The done log-lines item no longer holds the name it searched for.
    expect(JSON.stringify(job.items).toLowerCase()).not.toContain('anna');

    expect(deletion.resumePendingPurges()).toBe(0);
    expect(store.purges.get(purgeJobId)!.attempts).toBe(2);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
    expect(logger.text()).not.toContain('anna');

    fs.rmSync(path.join(dataFolder, 'attachments', world.cvHash), { recursive: true });
    expect(deletion.resumePendingPurges()).toBe(1);
    expect(store.purges.get(purgeJobId)).toBeNull();
  });

  it('does not throw when the store cannot be read', () => {
    store.close();
    expect(deletion.resumePendingPurges()).toBe(0);
    expect(logger.lines.at(-1)).toEqual(expect.objectContaining({ level: 'error', message: 'purge jobs could not be read' }));
    store = Store.open(file); // for afterEach
  });
});
