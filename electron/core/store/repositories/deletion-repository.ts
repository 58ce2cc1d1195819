import type { Database } from '../database.js';

/** What `deleteCandidate` removed, for the purge job that follows it. */
export interface CandidateRemoval {
  /** The candidate's name and addresses as stored: the terms their log lines are found by. */
  name: string;
  addresses: string[];
  /** Messages that were linked to this candidate and to no other one. */
  deletedMessageIds: string[];
  /** Attachment rows of those messages. */
  deletedAttachmentIds: string[];
  /** Threads removed because no message was left in them. */
  deletedThreadIds: string[];
  /**
   * Content hashes (file names in `attachments/`) that an attachment or draft attachment
   * of this deletion used and that no remaining row uses: their files can go.
   */
  releasedContentHashes: string[];
  /** How many rows of each kind went, for the erasure report (numbers only, issue 24). */
  tally: RemovalTally;
}

/** Rows a deletion or anonymisation removed, per kind; no content. */
export interface RemovalTally {
  addresses: number;
  links: number;
  drafts: number;
  /** Outbox items of any state; `scheduledItems` of them were waiting for a later send time. */
  outboxItems: number;
  scheduledItems: number;
  /** Internal comments on threads that went because no message was left in them. */
  comments: number;
}

/**
 * The database part of R3: a candidate and everything stored only because of them.
 * Raw SQL for the whole deletion lives here so that its steps, and their order, read in
 * one place.
 */
export class DeletionRepository {
  readonly #db: Database;
  readonly #candidate;
  readonly #addresses;
  readonly #onlyTheirMessages;
  readonly #threadsOf;
  readonly #attachmentsOf;
  readonly #draftAttachmentHashes;
  readonly #deleteMessages;
  readonly #deleteCandidate;
  readonly #deleteEmptyThreads;
  readonly #pruneOrphanPlaceholders;
  readonly #unusedHashes;
  readonly #unlinkedAmong;
  readonly #tallyOf;
  readonly #commentsIn;
  readonly #anonymise;
  readonly #rename;

  constructor(db: Database) {
    this.#db = db;
    this.#candidate = db.prepare<[string], { name: string }>('SELECT name FROM candidates WHERE id = ?');
    this.#addresses = db.prepare<[string], string>('SELECT address FROM candidate_addresses WHERE candidate_id = ? ORDER BY address').pluck();
    this.#onlyTheirMessages = db
      .prepare<{ candidateId: string }, string>(
        `SELECT l.message_id FROM links l
         WHERE l.candidate_id = @candidateId
           AND NOT EXISTS (SELECT 1 FROM links other WHERE other.message_id = l.message_id AND other.candidate_id <> @candidateId)
         ORDER BY l.message_id`,
      )
      .pluck();
    this.#threadsOf = db
      .prepare<[string], string>('SELECT DISTINCT m.thread_id FROM json_each(?) ids JOIN messages m ON m.id = ids.value')
      .pluck();
    this.#attachmentsOf = db.prepare<[string], { id: string; content_hash: string | null }>(
      'SELECT a.id, a.content_hash FROM json_each(?) ids JOIN attachments a ON a.message_id = ids.value',
    );
    this.#draftAttachmentHashes = db
      .prepare<[string], string>(
        'SELECT DISTINCT da.content_hash FROM drafts d JOIN draft_attachments da ON da.draft_id = d.id WHERE d.candidate_id = ?',
      )
      .pluck();
    // The schema does the rest by cascade and trigger: locations, links, reads and
    // attachment rows go with the message; the messages_search_delete trigger removes its
    // search entry (secure-delete, so the tokens leave the FTS segments at once); the
    // thread counts follow; thread_nodes keep a placeholder (message_id set NULL) and
    // drafts replying to it lose the reference.
    this.#deleteMessages = db.prepare<[string]>('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))');
    // Cascades to addresses, applications, links, link exclusions, drafts (and their
    // attachments) and outbox items.
    this.#deleteCandidate = db.prepare<[string]>('DELETE FROM candidates WHERE id = ?');
    this.#deleteEmptyThreads = db
      .prepare<[string], string>(
        `DELETE FROM threads
         WHERE id IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id)
         RETURNING id`,
      )
      .pluck();
    // In a thread that keeps other messages, a deleted message's node stays only while a
    // stored message descends from it (a JWZ placeholder still joining its replies);
    // every other placeholder of the thread goes, and with it the deleted Message-ID.
    this.#pruneOrphanPlaceholders = db.prepare<[string]>(
      `WITH RECURSIVE
         affected (thread_id) AS (SELECT value FROM json_each(?)),
         needed (header) AS (
           SELECT n.parent_message_id_header FROM thread_nodes n
           WHERE n.thread_id IN (SELECT thread_id FROM affected)
             AND n.message_id IS NOT NULL AND n.parent_message_id_header IS NOT NULL
           UNION
           SELECT p.parent_message_id_header FROM thread_nodes p JOIN needed ON p.message_id_header = needed.header
           WHERE p.parent_message_id_header IS NOT NULL)
       DELETE FROM thread_nodes
       WHERE thread_id IN (SELECT thread_id FROM affected)
         AND message_id IS NULL
         AND message_id_header NOT IN (SELECT header FROM needed)`,
    );
    this.#unlinkedAmong = db
      .prepare<[string], string>(
        'SELECT m.id FROM messages m WHERE m.id IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM links l WHERE l.message_id = m.id) ORDER BY m.id',
      )
      .pluck();
    this.#tallyOf = db.prepare<{ id: string }, Omit<RemovalTally, 'comments'>>(
      `SELECT
         (SELECT count(*) FROM candidate_addresses WHERE candidate_id = @id) AS addresses,
         (SELECT count(*) FROM links WHERE candidate_id = @id) AS links,
         (SELECT count(*) FROM drafts WHERE candidate_id = @id) AS drafts,
         (SELECT count(*) FROM outbox_items WHERE candidate_id = @id) AS outboxItems,
         (SELECT count(*) FROM outbox_items WHERE candidate_id = @id AND send_after IS NOT NULL
            AND state IN ('draft', 'queued', 'failed-retryable')) AS scheduledItems`,
    );
    this.#commentsIn = db
      .prepare<[string], number>('SELECT count(*) FROM thread_comments WHERE thread_id IN (SELECT value FROM json_each(?))')
      .pluck();
    // Anonymising keeps the candidate row and their applications (job, stage, dates) for
    // statistics; every personal value goes: name, addresses, links, the "not this
    // candidate" exclusions (they hold Message-IDs), drafts and outbox items.
    this.#anonymise = [
      db.prepare<[string]>('DELETE FROM links WHERE candidate_id = ?'),
      db.prepare<[string]>('DELETE FROM link_exclusions WHERE candidate_id = ?'),
      db.prepare<[string]>('DELETE FROM drafts WHERE candidate_id = ?'),
      db.prepare<[string]>('DELETE FROM outbox_items WHERE candidate_id = ?'),
      db.prepare<[string]>('DELETE FROM candidate_addresses WHERE candidate_id = ?'),
    ];
    this.#rename = db.prepare<[string, string]>('UPDATE candidates SET name = ? WHERE id = ?');
    this.#unusedHashes = db
      .prepare<[string], string>(
        `SELECT DISTINCT h.value FROM json_each(?) h
         WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.content_hash = h.value)
           AND NOT EXISTS (SELECT 1 FROM draft_attachments da WHERE da.content_hash = h.value)
         ORDER BY h.value`,
      )
      .pluck();
  }

  /**
   * Deletes a candidate with every message linked to them and to no other candidate, the
   * threads this leaves empty, and (by cascade) the rows listed on `CandidateRemoval` and
   * in `deleteMessages` above. A message also linked to another candidate stays; only
   * this candidate's link to it goes. All or nothing; run it inside the transaction that
   * also records the purge job. Returns null, changing nothing, for an unknown candidate.
   */
  deleteCandidate(candidateId: string): CandidateRemoval | null {
    return this.#db.transaction((): CandidateRemoval | null => {
      const candidate = this.#candidate.get(candidateId);
      if (candidate === undefined) return null;
      const addresses = this.#addresses.all(candidateId);
      const deletedMessageIds = this.#onlyTheirMessages.all({ candidateId });
      const draftHashes = this.#draftAttachmentHashes.all(candidateId);
      const tally = this.#tallyOf.get({ id: candidateId })!;
      const removed = this.#removeMessages(deletedMessageIds, draftHashes, () => this.#deleteCandidate.run(candidateId));
      return { name: candidate.name, addresses, ...removed, tally: { ...tally, comments: removed.comments } };
    })();
  }

  /**
   * Issue 24 (retention): removes every personal value of a candidate as `deleteCandidate`
   * does — their mail linked to no one else, addresses, links, drafts, outbox items — but
   * keeps the candidate row under `placeholderName` with their applications (job, stage,
   * dates), so statistics still count them. Returns null, changing nothing, for an unknown
   * candidate; run it inside the transaction that records the purge job.
   */
  anonymiseCandidate(candidateId: string, placeholderName: string): CandidateRemoval | null {
    return this.#db.transaction((): CandidateRemoval | null => {
      const candidate = this.#candidate.get(candidateId);
      if (candidate === undefined) return null;
      const addresses = this.#addresses.all(candidateId);
      const deletedMessageIds = this.#onlyTheirMessages.all({ candidateId });
      const draftHashes = this.#draftAttachmentHashes.all(candidateId);
      const tally = this.#tallyOf.get({ id: candidateId })!;
      const removed = this.#removeMessages(deletedMessageIds, draftHashes, () => {
        for (const statement of this.#anonymise) statement.run(candidateId);
        this.#rename.run(placeholderName, candidateId);
      });
      return { name: candidate.name, addresses, ...removed, tally: { ...tally, comments: removed.comments } };
    })();
  }

  /**
   * R3 for mail that no candidate holds any more ("not this candidate" took its last
   * link): the messages go the same way a deleted candidate's do. Messages still linked
   * to a candidate are left alone.
   */
  deleteUnlinkedMessages(messageIds: readonly string[]): Omit<CandidateRemoval, 'name' | 'addresses' | 'tally'> {
    return this.#db.transaction(() => {
      const unlinked = this.#unlinkedAmong.all(JSON.stringify(messageIds));
      return this.#removeMessages(unlinked, [], () => {});
    })();
  }

  /** Deletes messages, the threads this empties and their placeholders; `between` runs after the messages went. */
  #removeMessages(
    deletedMessageIds: string[],
    extraHashes: readonly string[],
    between: () => void,
  ): Omit<CandidateRemoval, 'name' | 'addresses' | 'tally'> & { comments: number } {
    const messageIds = JSON.stringify(deletedMessageIds);
    const threadIds = this.#threadsOf.all(messageIds);
    const commentsBefore = this.#commentsIn.get(JSON.stringify(threadIds))!;
    const attachments = this.#attachmentsOf.all(messageIds);
    const hashes = new Set(attachments.flatMap((attachment) => (attachment.content_hash === null ? [] : [attachment.content_hash])));
    for (const hash of extraHashes) hashes.add(hash);

    this.#deleteMessages.run(messageIds);
    between();
    const deletedThreadIds = this.#deleteEmptyThreads.all(JSON.stringify(threadIds)).sort();
    const keptThreadIds = threadIds.filter((id) => !deletedThreadIds.includes(id));
    if (keptThreadIds.length > 0) this.#pruneOrphanPlaceholders.run(JSON.stringify(keptThreadIds));

    return {
      comments: commentsBefore - this.#commentsIn.get(JSON.stringify(threadIds))!,
      deletedMessageIds,
      deletedAttachmentIds: attachments.map((attachment) => attachment.id).sort(),
      deletedThreadIds,
      releasedContentHashes: this.#unusedHashes.all(JSON.stringify([...hashes])),
    };
  }
}
