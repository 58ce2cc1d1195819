import type Sqlite from 'better-sqlite3';
import type { CandidateScope } from '../../domain/visibility.js';
import { checkLimit, decodeCursor, toPage } from '../cursor.js';
import type { Database } from '../database.js';
import type { Page } from '../../../../shared/paging.js';
import type { ScopeParameters } from './scope.js';
import { candidateInScope, scopeParameters, threadVisible } from './scope.js';

/** What narrows a search; every filter narrows, none widens what the viewer may see. */
export interface SearchFilters {
  mailboxId?: string | undefined;
  jobId?: string | undefined;
  candidateId?: string | undefined;
  hasAttachments?: boolean | undefined;
  /** Lowest and highest `messages.seq` (from the date filter). */
  fromSeq?: number | undefined;
  toSeq?: number | undefined;
}

export interface SearchOptions extends SearchFilters {
  /** An FTS5 MATCH expression (shared/search-text.ts `toFtsQuery`). */
  match: string;
  scope: CandidateScope;
  viewerUserId: string;
  cursor?: string | undefined;
  limit: number;
}

export interface SearchRow {
  id: string;
  seq: number;
  threadId: string;
  mailboxId: string;
  subject: string;
  fromJson: string;
  date: string;
  hasAttachments: boolean;
  bodyText: string;
  snippet: string;
  candidates: { id: string; name: string }[];
  attachmentNames: string[];
}

interface HitRow {
  id: string;
  seq: number;
  thread_id: string;
  mailbox_id: string;
  subject: string;
  from_json: string;
  date: string;
  has_attachments: number;
  body_text: string;
  snippet: string;
}

type Parameters = ScopeParameters & {
  match: string;
  viewerUserId: string;
  fetch: number;
  mailboxId?: string;
  jobId?: string;
  candidateId?: string;
  fromSeq?: number;
  toSeq?: number;
};

interface Variant {
  byMailbox: boolean;
  byJob: boolean;
  byCandidate: boolean;
  withAttachments: boolean;
  fromSeq: boolean;
  toSeq: boolean;
}

const listName = 'search';
/** The excerpt is cut from this much of the body; enough for a match near the top. */
const bodyChars = 20_000;

/**
 * Matching messages, newest first, through the visibility rule of PRODUCT.md "Who sees
 * what" in the same SQL as the thread list: the message's thread has a linked candidate in
 * scope ∧ (its mailbox is personal ∨ the viewer is on the shared inbox's list). The index's
 * rowid is `messages.seq`, which follows the date, so FTS5 hands rows over newest first
 * (`ORDER BY rowid DESC`) and the walk stops after one page; the cursor and the date
 * filter are rowid bounds FTS5 applies itself. The index holds only mail in a thread with
 * a linked candidate (migration 12), so a phrase found only in mail nobody may see costs
 * nothing to rule out; the join below still decides every hit. Exported for the
 * query-plan test only.
 */
export function searchSql(variant: Variant): string {
  return `SELECT m.id, m.seq, m.thread_id, t.mailbox_id, m.subject, m.from_json, m.date, m.has_attachments,
      substr(ifnull(m.body_text, ''), 1, ${bodyChars}) AS body_text, m.snippet
    FROM message_search s
    JOIN messages m ON m.seq = s.rowid
    JOIN threads t ON t.id = m.thread_id
    JOIN mailboxes mb ON mb.id = t.mailbox_id
    WHERE message_search MATCH @match
      ${variant.fromSeq ? 'AND s.rowid >= @fromSeq' : ''}
      ${variant.toSeq ? 'AND s.rowid <= @toSeq' : ''}
      ${variant.byMailbox ? 'AND t.mailbox_id = @mailboxId' : ''}
      ${variant.withAttachments ? 'AND m.has_attachments = 1' : ''}
      ${threadVisible(variant)}
    ORDER BY s.rowid DESC
    LIMIT @fetch`;
}

/** The in-scope candidates of the given threads, by name. */
const candidatesSql = `SELECT DISTINCT tm.thread_id, c.id, c.name
  FROM json_each(@threadIds) ids
  JOIN messages tm ON tm.thread_id = ids.value
  JOIN links l ON l.message_id = tm.id
  JOIN candidates c ON c.id = l.candidate_id
  WHERE ${candidateInScope('c.id')}
  ORDER BY c.name`;

/** Full-text search over stored candidate mail (index: store migrations 2, 7 and 12). */
export class SearchRepository {
  readonly #db: Database;
  readonly #statements = new Map<string, Sqlite.Statement<Parameters, HitRow>>();
  readonly #candidates;
  readonly #attachmentNames;

  constructor(db: Database) {
    this.#db = db;
    this.#candidates = db.prepare<ScopeParameters & { threadIds: string }, { thread_id: string; id: string; name: string }>(candidatesSql);
    this.#attachmentNames = db.prepare<{ messageIds: string }, { message_id: string; file_name: string }>(
      `SELECT a.message_id, a.file_name FROM json_each(@messageIds) ids JOIN attachments a ON a.message_id = ids.value
       WHERE a.is_inline = 0 ORDER BY a.id`,
    );
  }

  #statement(variant: Variant): Sqlite.Statement<Parameters, HitRow> {
    const key = JSON.stringify(variant);
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare<Parameters, HitRow>(searchSql(variant));
      this.#statements.set(key, statement);
    }
    return statement;
  }

  /** Messages matching `match` that the viewer may see, newest first. `scope` must be the viewer's. */
  search(options: SearchOptions): Page<SearchRow> {
    const limit = checkLimit(options.limit);
    const scope = scopeParameters(options.scope);
    const parameters: Parameters = { ...scope, match: options.match, viewerUserId: options.viewerUserId, fetch: limit + 1 };
    if (options.mailboxId !== undefined) parameters.mailboxId = options.mailboxId;
    if (options.jobId !== undefined) parameters.jobId = options.jobId;
    if (options.candidateId !== undefined) parameters.candidateId = options.candidateId;
    let toSeq = options.toSeq;
    if (options.cursor !== undefined) {
      const [beforeSeq] = decodeCursor(listName, options.cursor, ['number'] as const);
      toSeq = toSeq === undefined ? beforeSeq - 1 : Math.min(toSeq, beforeSeq - 1);
    }
    if (options.fromSeq !== undefined) parameters.fromSeq = options.fromSeq;
    if (toSeq !== undefined) parameters.toSeq = toSeq;
    const rows = this.#statement({
      byMailbox: options.mailboxId !== undefined,
      byJob: options.jobId !== undefined,
      byCandidate: options.candidateId !== undefined,
      withAttachments: options.hasAttachments === true,
      fromSeq: options.fromSeq !== undefined,
      toSeq: toSeq !== undefined,
    }).all(parameters);

    const shown = rows.slice(0, limit);
    const candidates = new Map<string, SearchRow['candidates']>();
    const threadIds = JSON.stringify([...new Set(shown.map((row) => row.thread_id))]);
    for (const { thread_id, id, name } of this.#candidates.all({ ...scope, threadIds })) {
      candidates.set(thread_id, [...(candidates.get(thread_id) ?? []), { id, name }]);
    }
    const names = new Map<string, string[]>();
    for (const { message_id, file_name } of this.#attachmentNames.all({ messageIds: JSON.stringify(shown.map((row) => row.id)) })) {
      names.set(message_id, [...(names.get(message_id) ?? []), file_name]);
    }
    return toPage(rows, limit, listName, (row) => [row.seq], (row) => ({
      id: row.id,
      seq: row.seq,
      threadId: row.thread_id,
      mailboxId: row.mailbox_id,
      subject: row.subject,
      fromJson: row.from_json,
      date: row.date,
      hasAttachments: row.has_attachments === 1,
      bodyText: row.body_text,
      snippet: row.snippet,
      candidates: candidates.get(row.thread_id) ?? [],
      attachmentNames: names.get(row.id) ?? [],
    }));
  }
}
