import type { Database } from '../database.js';

/** What the sample data (issue 25) holds right now. */
export interface SampleRows {
  mailboxId: string | null;
  candidateIds: string[];
  jobIds: string[];
}

/**
 * The rows flagged `sample` (migration 13): the sample mailbox, candidates and jobs. The
 * sample mail itself hangs on them (links, threads of the sample mailbox) and goes with
 * them through R3's deletion.
 */
export class SampleDataRepository {
  readonly #insertMailbox;
  readonly #markCandidate;
  readonly #markJob;
  readonly #mailboxId;
  readonly #candidateIds;
  readonly #jobIds;
  readonly #removeApplicationsOfJob;
  readonly #removeJob;
  readonly #removeMailbox;
  readonly #threadsOf;
  readonly #messagesOf;
  readonly #unlinkAll;
  readonly #messageCount;
  readonly #optimizeSearch;

  constructor(db: Database) {
    this.#insertMailbox = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, status, created_at, sample)
       VALUES (?, ?, ?, 'imap', 'personal', ?, '{"state":"up-to-date"}', ?, 1)`,
    );
    this.#markCandidate = db.prepare<[string]>('UPDATE candidates SET sample = 1 WHERE id = ?');
    this.#markJob = db.prepare<[string]>('UPDATE jobs SET sample = 1 WHERE id = ?');
    this.#mailboxId = db.prepare<[], string>('SELECT id FROM mailboxes WHERE sample = 1 ORDER BY created_at LIMIT 1').pluck();
    this.#candidateIds = db.prepare<[], string>('SELECT id FROM candidates WHERE sample = 1 ORDER BY id').pluck();
    this.#jobIds = db.prepare<[], string>('SELECT id FROM jobs WHERE sample = 1 ORDER BY id').pluck();
    this.#removeApplicationsOfJob = db.prepare<[string]>('DELETE FROM applications WHERE job_id = ?');
    this.#removeJob = db.prepare<[string]>('DELETE FROM jobs WHERE id = ? AND sample = 1');
    this.#threadsOf = db.prepare<[string], string>('SELECT id FROM threads WHERE mailbox_id = ?').pluck();
    this.#messagesOf = db.prepare<[string], string>('SELECT m.id FROM messages m JOIN threads t ON t.id = m.thread_id WHERE t.mailbox_id = ?').pluck();
    this.#unlinkAll = db.prepare<[string]>('DELETE FROM links WHERE message_id IN (SELECT value FROM json_each(?))');
    this.#messageCount = db.prepare<[], number>('SELECT count(*) FROM messages').pluck();
    this.#optimizeSearch = db.prepare<[]>("INSERT INTO message_search (message_search) VALUES ('optimize')");
    this.#removeMailbox = db.prepare<[string]>('DELETE FROM mailboxes WHERE id = ? AND sample = 1');
  }

  /** Adds the sample mailbox: personal, owned by `ownerUserId`, never synced (no credentials). */
  insertMailbox(mailbox: { id: string; address: string; displayName: string; ownerUserId: string; createdAt: string }): void {
    this.#insertMailbox.run(mailbox.id, mailbox.address, mailbox.displayName, mailbox.ownerUserId, mailbox.createdAt);
  }

  markCandidate(id: string): void {
    this.#markCandidate.run(id);
  }

  markJob(id: string): void {
    this.#markJob.run(id);
  }

  rows(): SampleRows {
    return { mailboxId: this.#mailboxId.get() ?? null, candidateIds: this.#candidateIds.all(), jobIds: this.#jobIds.all() };
  }

  /** Threads still in the sample mailbox (none once its candidates are deleted). */
  threadsOf(mailboxId: string): string[] {
    return this.#threadsOf.all(mailboxId);
  }

  /** The messages still in the sample mailbox's threads. */
  messagesOf(mailboxId: string): string[] {
    return this.#messagesOf.all(mailboxId);
  }

  /** Takes every link off these messages (a user may have linked sample mail to a real candidate by hand). */
  unlinkAll(messageIds: readonly string[]): void {
    this.#unlinkAll.run(JSON.stringify(messageIds));
  }

  /** Deletes a sample job with whatever applications are left on it (team rows cascade). */
  removeJob(id: string): void {
    this.#removeApplicationsOfJob.run(id);
    this.#removeJob.run(id);
  }

  /**
   * With no mail left at all (sample data loaded into a workspace without a mailbox, then
   * removed), merges the search index's emptied segments away, so its tables are as they
   * were before. Beside real mail the segments stay (secure-delete already overwrote the
   * sample text; optimising a large index would hold the engine for seconds).
   */
  compactEmptySearchIndex(): void {
    if (this.#messageCount.get() === 0) this.#optimizeSearch.run();
  }

  /** Deletes the sample mailbox (folders, locations cascade); its threads must be gone first. */
  removeMailbox(id: string): void {
    this.#removeMailbox.run(id);
  }
}
