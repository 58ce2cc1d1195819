import type { LinkReason, MailAddressView, ThreadDetail, ThreadMessageView, ThreadSummary } from '../../../../shared/model.js';
import type { Page } from '../../../../shared/paging.js';
import type { CandidateScope } from '../../domain/visibility.js';
import { AppError } from '../../errors.js';
import { checkLimit, decodeCursor, encodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import type Sqlite from 'better-sqlite3';

type Statement<P extends object, R> = Sqlite.Statement<P, R>;
import { isForeignKeyViolation, isUniqueViolation } from '../sqlite-errors.js';
import type { ScopeParameters } from './scope.js';
import { candidateInScope, jobInScope, scopeParameters, threadVisible } from './scope.js';

interface ThreadRow {
  id: string;
  mailbox_id: string;
  message_count: number;
  has_attachments: number;
  last_message_seq: number;
  last_message_at: string;
  snippet: string;
  last_from: string;
  subject: string;
  unread: number;
  waiting: number;
  assignee_id: string | null;
  assignee_name: string | null;
}

interface ThreadCandidateRow {
  thread_id: string;
  id: string;
  name: string;
  reason: LinkReason;
}

interface ThreadJobRow {
  thread_id: string;
  id: string;
  title: string;
}

interface ThreadMessageRow {
  id: string;
  subject: string;
  from_json: string;
  to_json: string;
  cc_json: string;
  bcc_json: string;
  date: string;
  body_state: ThreadMessageView['bodyState'];
  body_text: string | null;
  body_html: string | null;
  is_read: number;
}

interface MessageLinkRow {
  message_id: string;
  candidate_id: string;
  name: string;
  reason: LinkReason;
}

export interface NewThread {
  id: string;
  /** The mailbox the thread was first seen in; the visibility rule reads it. */
  mailboxId: string;
  createdAt: string;
}

/** What narrows the thread list (Inbox I); every filter narrows, none widens the scope. */
export interface ThreadFilters {
  mailboxId?: string | undefined;
  jobId?: string | undefined;
  candidateId?: string | undefined;
  unread?: boolean | undefined;
  waitingForReply?: boolean | undefined;
  /** Issue 21: only the threads assigned to the viewer. */
  assignedToMe?: boolean | undefined;
}

export interface ThreadListOptions extends ThreadFilters {
  scope: CandidateScope;
  viewerUserId: string;
  cursor?: string | undefined;
  limit: number;
}

/** Which page of a thread's messages `detail` answers (issue 23). */
export interface ThreadPage {
  /** An `earlierCursor` of this thread: the messages before that page. */
  before?: string | undefined;
  limit: number;
}

/** Cursors of a thread's message pages: `[threadMessagesList, threadId, seq of the page's oldest message]`. */
const threadMessagesList = 'thread-messages';

type ListParameters = ScopeParameters & {
  viewerUserId: string;
  fetch: number;
  mailboxId?: string;
  jobId?: string;
  candidateId?: string;
  beforeSeq?: number;
};

const listName = 'threads';

/** Which optional parts a list statement has; one prepared statement per combination. */
interface ListVariant {
  byMailbox: boolean;
  afterCursor: boolean;
  byJob?: boolean;
  byCandidate?: boolean;
  unreadOnly?: boolean;
  waitingOnly?: boolean;
  assignedOnly?: boolean;
}

const unreadSql = `EXISTS (SELECT 1 FROM messages m
              WHERE m.thread_id = t.id
                AND NOT EXISTS (SELECT 1 FROM message_reads r WHERE r.user_id = @viewerUserId AND r.message_id = m.id))`;

/**
 * "Waiting for our reply": no sender of the newest message is one of the team's addresses
 * (work addresses, aliases, connected mailboxes), so someone outside wrote last.
 */
const waitingSql = `NOT EXISTS (SELECT 1 FROM json_each(lm.from_json) f
              WHERE f.value ->> '$.address' IN (SELECT email FROM users UNION ALL SELECT address FROM user_aliases UNION ALL SELECT address FROM mailboxes))`;

/**
 * The thread list, newest first. The visibility rule of PRODUCT.md "Who sees what" in SQL:
 * at least one linked candidate in scope ∧ (the thread's mailbox is personal ∨ the viewer
 * is a member of the shared mailbox). Ordered by `threads.last_message_seq` so SQLite walks
 * `threads_newest` (or `threads_by_mailbox_newest`) backwards and stops after one page;
 * the filters (job, candidate, unread, waiting) are checked per thread on that walk.
 * Exported for the query-plan test only.
 */
/**
 * The threads of a job's or a candidate's linked mail. A filter by job or candidate starts
 * from these (a few hundred threads, sorted) instead of walking every thread newest first
 * until a page of the job's turns up: at 10^6 stored messages that walk took seconds
 * (docs/benchmarks.md, scale). `threadVisible` still decides each one.
 */
const jobThreadsSql = `SELECT jm.thread_id FROM applications ja
      JOIN links jl ON jl.candidate_id = ja.candidate_id JOIN messages jm ON jm.id = jl.message_id
      WHERE ja.job_id = @jobId`;
const candidateThreadsSql = `SELECT cm.thread_id FROM links cl JOIN messages cm ON cm.id = cl.message_id WHERE cl.candidate_id = @candidateId`;

export function threadListSql(variant: ListVariant): string {
  return `SELECT t.id, t.mailbox_id, t.message_count, t.has_attachments, t.last_message_seq,
      lm.date AS last_message_at,
      lm.snippet AS snippet,
      lm.from_json AS last_from,
      (SELECT m.subject FROM messages m WHERE m.thread_id = t.id ORDER BY m.seq LIMIT 1) AS subject,
      ${unreadSql} AS unread,
      ${waitingSql} AS waiting,
      t.assigned_user_id AS assignee_id,
      (SELECT u.name FROM users u WHERE u.id = t.assigned_user_id) AS assignee_name
    FROM threads t
    JOIN mailboxes mb ON mb.id = t.mailbox_id
    JOIN messages lm ON lm.seq = t.last_message_seq
    WHERE t.last_message_seq IS NOT NULL
      ${variant.byMailbox ? 'AND t.mailbox_id = @mailboxId' : ''}
      ${variant.afterCursor ? 'AND t.last_message_seq < @beforeSeq' : ''}
      ${variant.byJob ? `AND t.id IN (${jobThreadsSql})` : ''}
      ${variant.byCandidate ? `AND t.id IN (${candidateThreadsSql})` : ''}
      ${threadVisible(variant)}
      ${variant.unreadOnly ? `AND ${unreadSql}` : ''}
      ${variant.waitingOnly ? `AND ${waitingSql}` : ''}
      ${variant.assignedOnly ? 'AND t.assigned_user_id = @viewerUserId' : ''}
    ORDER BY t.last_message_seq DESC
    LIMIT @fetch`;
}

/** How many threads the viewer may see hold a message they have not read (the window title's count). */
const unreadCountSql = `SELECT count(*) FROM threads t
    JOIN mailboxes mb ON mb.id = t.mailbox_id
    WHERE t.last_message_seq IS NOT NULL
      AND (mb.kind = 'personal'
           OR EXISTS (SELECT 1 FROM shared_mailbox_members smm
                      WHERE smm.mailbox_id = mb.id AND smm.user_id = @viewerUserId))
      AND ${unreadSql}
      AND EXISTS (SELECT 1 FROM messages m JOIN links l ON l.message_id = m.id
                  WHERE m.thread_id = t.id AND ${candidateInScope('l.candidate_id')})`;

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

/** The jobs (in scope) of the in-scope candidates of the given threads, by title. */
const threadJobsSql = `SELECT DISTINCT m.thread_id, j.id, j.title
  FROM json_each(@threadIds) ids
  JOIN messages m ON m.thread_id = ids.value
  JOIN links l ON l.message_id = m.id
  JOIN applications a ON a.candidate_id = l.candidate_id
  JOIN jobs j ON j.id = a.job_id
  WHERE ${candidateInScope('l.candidate_id')} AND ${jobInScope('j.id')}
  ORDER BY m.thread_id, j.title`;

function parseAddresses(json: string): MailAddressView[] {
  const parsed = JSON.parse(json) as { name?: string | null; address: string }[];
  return parsed.map((entry) => (entry.name ? { name: entry.name, address: entry.address } : { address: entry.address }));
}

/** Threads of messages and the thread list. */
export class ThreadsRepository {
  readonly #db: Database;
  readonly #insert;
  readonly #candidates;
  readonly #jobs;
  readonly #lists = new Map<string, Statement<ListParameters, ThreadRow>>();
  readonly #messages;
  readonly #messageLinks;
  readonly #earlierCount;
  readonly #threadSubject;
  readonly #markRead;
  readonly #markUnread;
  readonly #mailboxOf;
  readonly #linkedCandidates;
  readonly #unreadCount;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare<[string, string, string]>('INSERT INTO threads (id, mailbox_id, created_at) VALUES (?, ?, ?)');
    this.#candidates = db.prepare<ScopeParameters & { threadIds: string }, ThreadCandidateRow>(threadCandidatesSql);
    this.#jobs = db.prepare<ScopeParameters & { threadIds: string }, ThreadJobRow>(threadJobsSql);
    // A page walks messages_by_thread (thread_id, seq) backwards from @beforeSeq: its cost
    // is the page, not the thread (10^5 messages in one thread, issue 23).
    this.#messages = db.prepare<{ threadId: string; viewerUserId: string; beforeSeq: number; fetch: number }, ThreadMessageRow & { seq: number }>(
      `SELECT m.id, m.seq, m.subject, m.from_json, m.to_json, m.cc_json, m.bcc_json, m.date, m.body_state, m.body_text, m.body_html,
         EXISTS (SELECT 1 FROM message_reads r WHERE r.user_id = @viewerUserId AND r.message_id = m.id) AS is_read
       FROM messages m WHERE m.thread_id = @threadId AND m.seq < @beforeSeq ORDER BY m.seq DESC LIMIT @fetch`,
    );
    this.#earlierCount = db
      .prepare<{ threadId: string; beforeSeq: number }, number>('SELECT count(*) FROM messages WHERE thread_id = @threadId AND seq < @beforeSeq')
      .pluck();
    this.#threadSubject = db.prepare<[string], string>('SELECT subject FROM messages WHERE thread_id = ? ORDER BY seq LIMIT 1').pluck();
    this.#messageLinks = db.prepare<ScopeParameters & { threadId: string; fromSeq: number; beforeSeq: number }, MessageLinkRow>(
      `SELECT l.message_id, l.candidate_id, c.name, l.reason
       FROM messages m JOIN links l ON l.message_id = m.id JOIN candidates c ON c.id = l.candidate_id
       WHERE m.thread_id = @threadId AND m.seq >= @fromSeq AND m.seq < @beforeSeq AND ${candidateInScope('c.id')}
       ORDER BY m.seq, c.name`,
    );
    this.#markRead = db.prepare<{ threadId: string; userId: string; readAt: string }>(
      `INSERT INTO message_reads (user_id, message_id, read_at)
       SELECT @userId, m.id, @readAt FROM messages m WHERE m.thread_id = @threadId
       ON CONFLICT DO NOTHING`,
    );
    this.#markUnread = db.prepare<{ threadId: string; userId: string }>(
      'DELETE FROM message_reads WHERE user_id = @userId AND message_id IN (SELECT id FROM messages WHERE thread_id = @threadId)',
    );
    this.#linkedCandidates = db
      .prepare<[string], string>('SELECT DISTINCT l.candidate_id FROM messages m JOIN links l ON l.message_id = m.id WHERE m.thread_id = ?')
      .pluck();
    this.#mailboxOf = db.prepare<[string], string>('SELECT mailbox_id FROM threads WHERE id = ?').pluck();
    this.#unreadCount = db.prepare<ScopeParameters & { viewerUserId: string }, number>(unreadCountSql).pluck();
  }

  /** Threads the viewer may see with at least one message they have not read. `scope` must be the viewer's. */
  unreadCount(scope: CandidateScope, viewerUserId: string): number {
    return this.#unreadCount.get({ ...scopeParameters(scope), viewerUserId }) ?? 0;
  }

  #listStatement(variant: ListVariant): Statement<ListParameters, ThreadRow> {
    const key = JSON.stringify(variant);
    let statement = this.#lists.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare<ListParameters, ThreadRow>(threadListSql(variant));
      this.#lists.set(key, statement);
    }
    return statement;
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
    if (options.jobId !== undefined) parameters.jobId = options.jobId;
    if (options.candidateId !== undefined) parameters.candidateId = options.candidateId;
    if (options.cursor !== undefined) [parameters.beforeSeq] = decodeCursor(listName, options.cursor, ['number'] as const);
    const statement = this.#listStatement({
      byMailbox: options.mailboxId !== undefined,
      afterCursor: options.cursor !== undefined,
      byJob: options.jobId !== undefined,
      byCandidate: options.candidateId !== undefined,
      unreadOnly: options.unread === true,
      waitingOnly: options.waitingForReply === true,
      assignedOnly: options.assignedToMe === true,
    });
    const rows = statement.all(parameters);

    const threadIds = JSON.stringify(rows.slice(0, limit).map((row) => row.id));
    const candidates = new Map<string, ThreadSummary['candidates']>();
    for (const { thread_id, id, name, reason } of this.#candidates.all({ ...scope, threadIds })) {
      candidates.set(thread_id, [...(candidates.get(thread_id) ?? []), { id, name, reason }]);
    }
    const jobs = new Map<string, ThreadSummary['jobs']>();
    for (const { thread_id, id, title } of this.#jobs.all({ ...scope, threadIds })) {
      jobs.set(thread_id, [...(jobs.get(thread_id) ?? []), { id, title }]);
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
      jobs: jobs.get(row.id) ?? [],
      from: parseAddresses(row.last_from)[0] ?? null,
      waitingForReply: row.waiting === 1,
      assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    }));
  }

  /** Every candidate linked to a message of the thread, in scope or not (the visibility rule reads them). */
  linkedCandidates(threadId: string): string[] {
    return this.#linkedCandidates.all(threadId);
  }

  /** The mailbox a thread was first seen in, or null for an unknown thread. */
  mailboxOf(threadId: string): string | null {
    return this.#mailboxOf.get(threadId) ?? null;
  }

  /**
   * One thread for the thread view: a page of its messages (the newest `page.limit`, or the
   * `page.limit` before the page `page.before` points at), oldest first, with read state for
   * the viewer, each message's links to candidates in `scope`, and how many are older.
   * Visibility is the caller's job (InboxService asks the domain rule first).
   * @throws AppError `invalid-input` (field `before`) for a cursor of another thread or list.
   */
  detail(threadId: string, scope: CandidateScope, viewerUserId: string, page: ThreadPage): Omit<ThreadDetail, 'mailboxId'> & { mailboxId: string | null } {
    const limit = checkLimit(page.limit);
    let beforeSeq = Number.MAX_SAFE_INTEGER;
    if (page.before !== undefined) {
      const invalid = () => new AppError('invalid-input', 'This page cursor is not valid for this thread; open the thread again.', { field: 'before' });
      let cursorThread: string;
      try {
        [cursorThread, beforeSeq] = decodeCursor(threadMessagesList, page.before, ['string', 'number'] as const);
      } catch (error) {
        throw error instanceof AppError ? invalid() : error;
      }
      if (cursorThread !== threadId) throw invalid();
    }
    const scopeValues = scopeParameters(scope);
    const threadIds = JSON.stringify([threadId]);
    const rows = this.#messages.all({ threadId, viewerUserId, beforeSeq, fetch: limit + 1 });
    const pageRows = rows.slice(0, limit).reverse();
    const oldestSeq = pageRows[0]?.seq ?? beforeSeq;
    const earlierCount = rows.length > limit ? this.#earlierCount.get({ threadId, beforeSeq: oldestSeq })! : 0;
    const links = new Map<string, ThreadMessageView['links']>();
    for (const row of this.#messageLinks.all({ ...scopeValues, threadId, fromSeq: oldestSeq, beforeSeq })) {
      links.set(row.message_id, [...(links.get(row.message_id) ?? []), { candidateId: row.candidate_id, name: row.name, reason: row.reason }]);
    }
    const messages = pageRows.map(
      (row): ThreadMessageView => ({
        id: row.id,
        subject: row.subject,
        from: parseAddresses(row.from_json),
        to: parseAddresses(row.to_json),
        cc: parseAddresses(row.cc_json),
        bcc: parseAddresses(row.bcc_json),
        date: row.date,
        bodyState: row.body_state,
        text: row.body_text,
        html: row.body_html,
        unread: row.is_read === 0,
        attachments: [],
        links: links.get(row.id) ?? [],
      }),
    );
    return {
      id: threadId,
      // The thread's first message names it, whichever page this is.
      subject: this.#threadSubject.get(threadId) ?? '',
      mailboxId: this.mailboxOf(threadId),
      candidates: this.#candidates.all({ ...scopeValues, threadIds }).map(({ id, name, reason }) => ({ id, name, reason })),
      jobs: this.#jobs.all({ ...scopeValues, threadIds }).map(({ id, title }) => ({ id, title })),
      messages,
      earlierCount,
      earlierCursor: earlierCount > 0 ? encodeCursor(threadMessagesList, [threadId, oldestSeq]) : null,
    };
  }

  /** Read (every message of the thread) or unread (none) for one user; kept locally only. */
  setRead(threadId: string, userId: string, read: boolean, at: string): void {
    if (read) this.#markRead.run({ threadId, userId, readAt: at });
    else this.#markUnread.run({ threadId, userId });
  }
}
