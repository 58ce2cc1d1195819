import { outboxStates, type OutboxState, type OutboxStateName } from '../../../../shared/status.js';
import type { Page } from '../../../../shared/paging.js';
import type { SentCopySetting } from '../../../../shared/model.js';

/** A mailbox's own choice of who files the Sent copy (R1); null: what its provider knows. */
type SentCopyPolicy = Exclude<SentCopySetting, 'auto'>;
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';

/** An outbox item (R15) as the engine works with it. */
export interface OutboxRecord {
  id: string;
  /** Without angle brackets; chosen before anything is sent. */
  messageIdHeader: string;
  mailboxId: string;
  authorUserId: string;
  candidateId: string | null;
  threadId: string | null;
  /** The frozen message, Bcc header included (that header goes into the Sent copy only). */
  rawMime: Buffer;
  /** Envelope recipients (RCPT TO), Bcc included. */
  recipients: string[];
  subject: string;
  /** To and Cc as the list shows them. */
  to: string[];
  state: OutboxState;
  attempts: number;
  /** ISO 8601; when a waiting item is tried next, null when it waits for nothing in particular. */
  nextAttemptAt: string | null;
  /**
   * ISO 8601; not sent before this time: the grace period in which "Undo" takes it back, or
   * the time the user chose ("Send later"). Coming online does not clear it.
   */
  sendAfter: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewOutboxItem = Omit<OutboxRecord, 'attempts' | 'nextAttemptAt' | 'updatedAt' | 'sendAfter'> & { sendAfter?: string | null };

interface OutboxRow {
  id: string;
  message_id_header: string;
  mailbox_id: string;
  author_user_id: string;
  candidate_id: string | null;
  thread_id: string | null;
  raw_mime: Buffer | null;
  recipients_json: string;
  subject: string;
  to_json: string;
  state: OutboxStateName;
  state_detail: string;
  attempts: number;
  next_attempt_at: string | null;
  send_after: string | null;
  created_at: string;
  updated_at: string;
}

const listName = 'outbox';
const columns = `id, message_id_header, mailbox_id, author_user_id, candidate_id, thread_id, raw_mime, recipients_json,
  subject, to_json, state, state_detail, attempts, next_attempt_at, send_after, created_at, updated_at`;

/**
 * Outbox items (R15) and the per-mailbox sending facts (who files the Sent copy, whether
 * the mailbox was unlinked). Every state change is one UPDATE that names the state it
 * expects to leave, so two workers can never both move the same item.
 */
export class OutboxRepository {
  readonly #insert;
  readonly #select;
  readonly #selectByMessageId;
  readonly #setState;
  readonly #inStates;
  readonly #byMailboxInStates;
  readonly #firstPage;
  readonly #nextPage;
  readonly #moveMailbox;
  readonly #replaceRaw;
  readonly #sendingFacts;
  readonly #setSentCopy;
  readonly #setDisconnected;
  readonly #replyParent;
  readonly #setThread;
  readonly #wakeQueued;
  readonly #sendNow;

  constructor(db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO outbox_items (id, message_id_header, mailbox_id, author_user_id, candidate_id, thread_id, raw_mime, recipients_json,
         subject, to_json, state, state_detail, send_after, created_at, updated_at)
       VALUES (@id, @messageIdHeader, @mailboxId, @authorUserId, @candidateId, @threadId, @rawMime, @recipients,
         @subject, @to, @state, @detail, @sendAfter, @createdAt, @createdAt)`,
    );
    this.#select = db.prepare<[string], OutboxRow>(`SELECT ${columns} FROM outbox_items WHERE id = ?`);
    this.#selectByMessageId = db.prepare<[string], OutboxRow>(`SELECT ${columns} FROM outbox_items WHERE message_id_header = ?`);
    this.#setState = db.prepare<{ id: string; from: string; state: string; detail: string; attempts: number | null; nextAttemptAt: string | null; updatedAt: string }>(
      `UPDATE outbox_items SET state = @state, state_detail = @detail, attempts = ifnull(@attempts, attempts),
         next_attempt_at = @nextAttemptAt, updated_at = @updatedAt
       WHERE id = @id AND state = @from`,
    );
    this.#inStates = db.prepare<[string], OutboxRow>(
      `SELECT ${columns} FROM outbox_items WHERE state IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`,
    );
    this.#byMailboxInStates = db.prepare<[string, string], OutboxRow>(
      `SELECT ${columns} FROM outbox_items WHERE mailbox_id = ? AND state IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`,
    );
    const page = (after: boolean) =>
      `SELECT ${columns} FROM outbox_items WHERE author_user_id = @authorUserId
         ${after ? 'AND (created_at, id) < (@afterCreatedAt, @afterId)' : ''}
       ORDER BY created_at DESC, id DESC LIMIT @fetch`;
    this.#firstPage = db.prepare<{ authorUserId: string; fetch: number }, OutboxRow>(page(false));
    this.#nextPage = db.prepare<{ authorUserId: string; fetch: number; afterCreatedAt: string; afterId: string }, OutboxRow>(page(true));
    this.#moveMailbox = db.prepare<[string, Buffer, string, string]>('UPDATE outbox_items SET mailbox_id = ?, raw_mime = ?, updated_at = ? WHERE id = ?');
    this.#replaceRaw = db.prepare<[Buffer, string]>('UPDATE outbox_items SET raw_mime = ? WHERE id = ?');
    this.#sendingFacts = db.prepare<[string], { sent_copy: SentCopyPolicy | null; disconnected_at: string | null }>(
      'SELECT sent_copy, disconnected_at FROM mailboxes WHERE id = ?',
    );
    this.#setSentCopy = db.prepare<[SentCopyPolicy | null, string]>('UPDATE mailboxes SET sent_copy = ? WHERE id = ?');
    this.#wakeQueued = db.prepare<[string]>("UPDATE outbox_items SET next_attempt_at = NULL WHERE mailbox_id = ? AND state = 'queued' AND next_attempt_at IS NOT NULL");
    this.#sendNow = db.prepare<[string, string, string]>(
      `UPDATE outbox_items SET send_after = NULL, next_attempt_at = NULL, updated_at = ?
       WHERE id = ? AND state = ? AND (send_after IS NOT NULL OR next_attempt_at IS NOT NULL)`,
    );
    this.#setThread = db.prepare<[string, string]>('UPDATE outbox_items SET thread_id = ? WHERE id = ?');
    this.#replyParent = db.prepare<[string], { message_id_header: string | null; references_json: string; subject: string; thread_id: string }>(
      'SELECT message_id_header, references_json, subject, thread_id FROM messages WHERE id = ?',
    );
    this.#setDisconnected = db.prepare<[string, string]>('UPDATE mailboxes SET disconnected_at = ?, credentials = NULL WHERE id = ?');
  }

  insert(item: NewOutboxItem): void {
    const { state, ...detail } = item.state;
    this.#insert.run({
      id: item.id,
      messageIdHeader: item.messageIdHeader,
      mailboxId: item.mailboxId,
      authorUserId: item.authorUserId,
      candidateId: item.candidateId,
      threadId: item.threadId,
      rawMime: item.rawMime,
      recipients: JSON.stringify(item.recipients),
      subject: item.subject,
      to: JSON.stringify(item.to),
      state,
      detail: JSON.stringify(detail),
      sendAfter: item.sendAfter ?? null,
      createdAt: item.createdAt,
    });
  }

  get(id: string): OutboxRecord | null {
    const row = this.#select.get(id);
    return row === undefined ? null : toRecord(row);
  }

  /** The item that sends (or sent) this Message-ID, or null. */
  findByMessageId(messageIdHeader: string): OutboxRecord | null {
    const row = this.#selectByMessageId.get(messageIdHeader);
    return row === undefined ? null : toRecord(row);
  }

  /**
   * Moves an item from `from` to `next`. False when the item is no longer in `from`
   * (another step came first): the caller must not act as if it had moved it.
   */
  setState(id: string, from: OutboxStateName, next: OutboxState, options: { attempts?: number; nextAttemptAt?: string | null; at: string }): boolean {
    const { state, ...detail } = next;
    const result = this.#setState.run({
      id,
      from,
      state,
      detail: JSON.stringify(detail),
      attempts: options.attempts ?? null,
      nextAttemptAt: options.nextAttemptAt ?? null,
      updatedAt: options.at,
    });
    return result.changes === 1;
  }

  /** Every item in one of `states`, oldest first. */
  inStates(states: readonly OutboxStateName[]): OutboxRecord[] {
    return this.#inStates.all(JSON.stringify(states)).map(toRecord);
  }

  /** The items of one mailbox in one of `states`, oldest first. */
  ofMailbox(mailboxId: string, states: readonly OutboxStateName[]): OutboxRecord[] {
    return this.#byMailboxInStates.all(mailboxId, JSON.stringify(states)).map(toRecord);
  }

  /** The author's items, newest first (key-set paging). */
  list(options: { authorUserId: string; cursor?: string | undefined; limit: number }): Page<OutboxRecord> {
    const limit = checkLimit(options.limit);
    let rows: OutboxRow[];
    if (options.cursor === undefined) {
      rows = this.#firstPage.all({ authorUserId: options.authorUserId, fetch: limit + 1 });
    } else {
      const [afterCreatedAt, afterId] = decodeCursor(listName, options.cursor, ['string', 'string'] as const);
      rows = this.#nextPage.all({ authorUserId: options.authorUserId, fetch: limit + 1, afterCreatedAt, afterId });
    }
    return toPage(rows, limit, listName, (row) => [row.created_at, row.id], toRecord);
  }

  /** Another mailbox sends the item (R12), with its message rewritten for that sender. */
  moveToMailbox(id: string, mailboxId: string, rawMime: Buffer, at: string): void {
    if (this.#moveMailbox.run(mailboxId, rawMime, at, id).changes === 0) throw new AppError('not-found', 'There is no outbox item with this id.');
  }

  /** Items of the mailbox that wait in `queued` for the server to be reachable become due now; how many. */
  wakeQueued(mailboxId: string): number {
    return this.#wakeQueued.run(mailboxId).changes;
  }

  /**
   * The user's "Send now" / "Retry now": an item in `state` (still) waits for neither its
   * chosen time nor its next attempt. False when it was not in that state, or waited for nothing.
   */
  sendNow(id: string, state: OutboxStateName, at: string): boolean {
    return this.#sendNow.run(at, id, state).changes === 1;
  }

  /** The thread the sent message joined. */
  setThread(id: string, threadId: string): void {
    this.#setThread.run(threadId, id);
  }

  replaceRaw(id: string, rawMime: Buffer): void {
    this.#replaceRaw.run(rawMime, id);
  }

  /** What a reply needs of the stored message it answers, or null for an unknown id. */
  replyParent(messageId: string): { messageIdHeader: string | null; references: string[]; subject: string; threadId: string } | null {
    const row = this.#replyParent.get(messageId);
    if (row === undefined) return null;
    return { messageIdHeader: row.message_id_header, references: JSON.parse(row.references_json) as string[], subject: row.subject, threadId: row.thread_id };
  }

  /** The mailbox's own Sent-copy setting (null: decided by its host) and when it was unlinked. */
  sendingFacts(mailboxId: string): { sentCopy: SentCopyPolicy | null; disconnectedAt: string | null } | null {
    const row = this.#sendingFacts.get(mailboxId);
    return row === undefined ? null : { sentCopy: row.sent_copy, disconnectedAt: row.disconnected_at };
  }

  setSentCopy(mailboxId: string, policy: SentCopyPolicy | null): void {
    if (this.#setSentCopy.run(policy, mailboxId).changes === 0) throw new AppError('not-found', 'There is no mailbox with this id.');
  }

  /** R12: the mailbox is unlinked — its credentials are removed in the same statement. */
  markDisconnected(mailboxId: string, at: string): void {
    if (this.#setDisconnected.run(at, mailboxId).changes === 0) throw new AppError('not-found', 'There is no mailbox with this id.');
  }
}

function toRecord(row: OutboxRow): OutboxRecord {
  if (!(outboxStates as readonly string[]).includes(row.state)) throw new AppError('internal', `An outbox item has an unknown state: ${row.state}`);
  return {
    id: row.id,
    messageIdHeader: row.message_id_header,
    mailboxId: row.mailbox_id,
    authorUserId: row.author_user_id,
    candidateId: row.candidate_id,
    threadId: row.thread_id,
    rawMime: row.raw_mime ?? Buffer.alloc(0),
    recipients: JSON.parse(row.recipients_json) as string[],
    subject: row.subject,
    to: JSON.parse(row.to_json) as string[],
    state: { ...(JSON.parse(row.state_detail) as object), state: row.state } as OutboxState,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    sendAfter: row.send_after,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
