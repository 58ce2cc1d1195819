import type { LinkReason, ThreadSummary } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { CandidateScope } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import type { ScopeParameters } from './scope.js';
import { candidateInScope, scopeParameters } from './scope.js';

interface ThreadRow {
  id: string;
  mailbox_id: string;
  message_count: number;
  has_attachments: number;
  last_message_seq: number;
  last_message_at: string;
  snippet: string;
  subject: string;
  unread: number;
}

interface ThreadCandidateRow {
  thread_id: string;
  id: string;
  name: string;
  reason: LinkReason;
}

export interface NewThread {
  id: string;
  /** The mailbox the thread was first seen in; the visibility rule reads it. */
  mailboxId: string;
  createdAt: string;
}

export interface ThreadListOptions {
  scope: CandidateScope;
  viewerUserId: string;
  mailboxId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

type ListParameters = ScopeParameters & {
  viewerUserId: string;
  fetch: number;
  mailboxId?: string;
  beforeSeq?: number;
};

const listName = 'threads';

/**
 * The thread list, newest first. The visibility rule of PRODUCT.md "Who sees what" in SQL:
 * at least one linked candidate in scope ∧ (the thread's mailbox is personal ∨ the viewer
 * is a member of the shared mailbox). Ordered by `threads.last_message_seq` so SQLite walks
 * `threads_newest` (or `threads_by_mailbox_newest`) backwards and stops after one page.
 * Exported for the query-plan test only.
 */
export function threadListSql(variant: { byMailbox: boolean; afterCursor: boolean }): string {
  return `SELECT t.id, t.mailbox_id, t.message_count, t.has_attachments, t.last_message_seq,
      (SELECT m.date FROM messages m WHERE m.seq = t.last_message_seq) AS last_message_at,
      (SELECT m.snippet FROM messages m WHERE m.seq = t.last_message_seq) AS snippet,
      (SELECT m.subject FROM messages m WHERE m.thread_id = t.id ORDER BY m.seq LIMIT 1) AS subject,
      EXISTS (SELECT 1 FROM messages m
              WHERE m.thread_id = t.id
                AND NOT EXISTS (SELECT 1 FROM message_reads r WHERE r.user_id = @viewerUserId AND r.message_id = m.id)
             ) AS unread
    FROM threads t
    JOIN mailboxes mb ON mb.id = t.mailbox_id
    WHERE t.last_message_seq IS NOT NULL
      ${variant.byMailbox ? 'AND t.mailbox_id = @mailboxId' : ''}
      ${variant.afterCursor ? 'AND t.last_message_seq < @beforeSeq' : ''}
      AND (mb.kind = 'personal'
           OR EXISTS (SELECT 1 FROM shared_mailbox_members smm
                      WHERE smm.mailbox_id = mb.id AND smm.user_id = @viewerUserId))
      AND EXISTS (SELECT 1 FROM messages m JOIN links l ON l.message_id = m.id
                  WHERE m.thread_id = t.id AND ${candidateInScope('l.candidate_id')})
    ORDER BY t.last_message_seq DESC
    LIMIT @fetch`;
}

/**
 * The in-scope candidates of the given threads, each with the reason of their earliest
 * link in the thread. SQLite takes a bare column in a min() aggregate from the row holding
 * the minimum (https://sqlite.org/lang_select.html#bareagg), hence `l.reason`.
 */
const threadCandidatesSql = `SELECT m.thread_id, c.id, c.name, l.reason, min(m.seq) AS first_seq
  FROM json_each(@threadIds) ids
  JOIN messages m ON m.thread_id = ids.value
  JOIN links l ON l.message_id = m.id
  JOIN candidates c ON c.id = l.candidate_id
  WHERE ${candidateInScope('c.id')}
  GROUP BY m.thread_id, c.id
  ORDER BY m.thread_id, first_seq`;

/** Threads of messages and the thread list. */
export class ThreadsRepository {
  readonly #insert;
  readonly #candidates;
  readonly #lists;

  constructor(db: Database) {
    this.#insert = db.prepare<[string, string, string]>('INSERT INTO threads (id, mailbox_id, created_at) VALUES (?, ?, ?)');
    this.#candidates = db.prepare<ScopeParameters & { threadIds: string }, ThreadCandidateRow>(threadCandidatesSql);
    const prepareList = (byMailbox: boolean, afterCursor: boolean) =>
      db.prepare<ListParameters, ThreadRow>(threadListSql({ byMailbox, afterCursor }));
    this.#lists = {
      all: prepareList(false, false),
      allAfter: prepareList(false, true),
      mailbox: prepareList(true, false),
      mailboxAfter: prepareList(true, true),
    };
  }

  /**
   * Starts an empty thread; messages join it with `messages.insert`.
   * @throws AppError `conflict` when the id is taken; `not-found` for an unknown mailbox.
   */
  insert(thread: NewThread): void {
    try {
      this.#insert.run(thread.id, thread.mailboxId, thread.createdAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'A thread with this id already exists.', { cause: error });
      if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no mailbox with this id.', { cause: error });
      throw error;
    }
  }

  /**
   * Threads the viewer may see, newest first by their last message. `scope` must be the
   * viewer's (`candidateScope(viewer)`); `unread` is per viewer; each thread lists only
   * the candidates in scope.
   */
  list(options: ThreadListOptions): Page<ThreadSummary> {
    const limit = checkLimit(options.limit);
    const scope = scopeParameters(options.scope);
    const parameters: ListParameters = { ...scope, viewerUserId: options.viewerUserId, fetch: limit + 1 };
    if (options.mailboxId !== undefined) parameters.mailboxId = options.mailboxId;
    if (options.cursor !== undefined) [parameters.beforeSeq] = decodeCursor(listName, options.cursor, ['number'] as const);
    const statement =
      options.mailboxId === undefined
        ? options.cursor === undefined
          ? this.#lists.all
          : this.#lists.allAfter
        : options.cursor === undefined
          ? this.#lists.mailbox
          : this.#lists.mailboxAfter;
    const rows = statement.all(parameters);

    const candidates = new Map<string, ThreadSummary['candidates']>();
    const threadIds = JSON.stringify(rows.slice(0, limit).map((row) => row.id));
    for (const { thread_id, id, name, reason } of this.#candidates.all({ ...scope, threadIds })) {
      candidates.set(thread_id, [...(candidates.get(thread_id) ?? []), { id, name, reason }]);
    }
    return toPage(rows, limit, listName, (row) => [row.last_message_seq], (row) => ({
      id: row.id,
      subject: row.subject,
      snippet: row.snippet,
      lastMessageAt: row.last_message_at,
      messageCount: row.message_count,
      unread: row.unread === 1,
      hasAttachments: row.has_attachments === 1,
      candidates: candidates.get(row.id) ?? [],
      mailboxId: row.mailbox_id,
    }));
  }
}
