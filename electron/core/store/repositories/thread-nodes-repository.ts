import { randomUUID } from 'node:crypto';
import type { NodeWrite, SubjectThreadMatch, ThreadAssignment, ThreadNode } from '../../domain/threading.js';
import { subjectJoinWindowMs } from '../../domain/threading.js';
import { AppError } from '../../errors.js';
import type { Database } from '../database.js';
import { isForeignKeyViolation } from '../sqlite-errors.js';
import { seqRange } from './messages-repository.js';

/** Where a thread is created, when the assignment asks for a new one. */
export interface ThreadPlacement {
  /** The mailbox the message was found in; a new thread belongs to it (visibility). */
  mailboxId: string;
  createdAt: string;
}

/** `ThreadPlacement` plus the message being placed, for `apply`. */
export interface ThreadApplyContext extends ThreadPlacement {
  /** Our id of the message being stored. */
  messageId: string;
  /** Its normalised Message-ID, null when it has none (it then gets no node). */
  messageIdHeader: string | null;
}

interface NodeRow {
  thread_id: string;
  parent_message_id_header: string | null;
  placeholder: number;
  is_forward: number;
}

/**
 * The JWZ thread graph (domain/threading.ts) as stored in `thread_nodes`: one node per
 * Message-ID in the workspace, a stored message or a placeholder (`message_id` NULL), with
 * its parent's Message-ID and `is_forward` (the domain's `cut`, R6). Answers the domain's
 * `ThreadLookup` and writes its `ThreadAssignment`. Message-IDs are compared exactly as
 * given: pass them normalised (`normalizeMessageId`), as `messages.message_id_header` is.
 */
export class ThreadNodesRepository {
  readonly #db: Database;
  readonly #node;
  readonly #threadExists;
  readonly #insertThread;
  readonly #mergeSteps;
  readonly #subtree;
  readonly #moveNodes;
  readonly #moveMessages;
  readonly #clearParent;
  readonly #deleteIfEmpty;
  readonly #upsertNode;
  readonly #subjectThreads;
  readonly #isHirebox;

  constructor(db: Database) {
    this.#db = db;
    this.#node = db.prepare<[string], NodeRow>(
      `SELECT thread_id, parent_message_id_header, message_id IS NULL AS placeholder, is_forward
       FROM thread_nodes WHERE message_id_header = ?`,
    );
    this.#threadExists = db.prepare<[string], number>('SELECT 1 FROM threads WHERE id = ?').pluck();
    this.#insertThread = db.prepare<[string, string, string]>('INSERT INTO threads (id, mailbox_id, created_at) VALUES (?, ?, ?)');
    // Everything of @from moves to @to, then @from goes. The messages_thread_update trigger
    // keeps both threads' counts; an outbox item replying in @from follows its thread.
    this.#mergeSteps = [
      'UPDATE thread_nodes SET thread_id = @to WHERE thread_id = @from',
      'UPDATE messages SET thread_id = @to WHERE thread_id = @from',
      'UPDATE outbox_items SET thread_id = @to WHERE thread_id = @from',
      'DELETE FROM threads WHERE id = @from',
    ].map((sql) => db.prepare<{ from: string; to: string }>(sql));
    // A node and its descendants by parent pointers, within its thread. UNION (not UNION
    // ALL) ends the walk even on a corrupt graph with a loop.
    this.#subtree = db
      .prepare<{ root: string; threadId: string }, string>(
        `WITH RECURSIVE subtree (header) AS (
           SELECT @root
           UNION
           SELECT n.message_id_header FROM thread_nodes n JOIN subtree s ON n.parent_message_id_header = s.header
           WHERE n.thread_id = @threadId)
         SELECT header FROM subtree`,
      )
      .pluck();
    this.#moveNodes = db.prepare<{ headers: string; from: string; to: string }>(
      'UPDATE thread_nodes SET thread_id = @to WHERE thread_id = @from AND message_id_header IN (SELECT value FROM json_each(@headers))',
    );
    // By header, not by the node's message_id: a Message-ID repeated with other content is
    // stored a second time (dedupe key `hash:`) in the thread of that Message-ID's node.
    this.#moveMessages = db.prepare<{ headers: string; from: string; to: string }>(
      'UPDATE messages SET thread_id = @to WHERE thread_id = @from AND message_id_header IN (SELECT value FROM json_each(@headers))',
    );
    this.#clearParent = db.prepare<[string]>('UPDATE thread_nodes SET parent_message_id_header = NULL WHERE message_id_header = ?');
    // A thread left with placeholders only holds nothing anyone can see; its nodes go by cascade.
    this.#deleteIfEmpty = db.prepare<[string]>(
      'DELETE FROM threads WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id)',
    );
    // `message_id` is set for the placed message's own node only; every other write keeps
    // what the node had (a placeholder stays one, a stored ancestor keeps its message).
    this.#upsertNode = db.prepare<{ header: string; threadId: string; messageId: string | null; parent: string | null; cut: number }>(
      `INSERT INTO thread_nodes (message_id_header, thread_id, message_id, parent_message_id_header, is_forward)
       VALUES (@header, @threadId, @messageId, @parent, @cut)
       ON CONFLICT (message_id_header) DO UPDATE SET
         thread_id = excluded.thread_id,
         message_id = coalesce(excluded.message_id, thread_nodes.message_id),
         parent_message_id_header = excluded.parent_message_id_header,
         is_forward = excluded.is_forward`,
    );
    // One row per thread: the message nearest in time (bare column with min(), see
    // https://sqlite.org/lang_select.html#bareagg). `subject_key <> ''` lets SQLite use the
    // partial index messages_by_subject_key.
    this.#subjectThreads = db.prepare<
      { candidateId: string; key: string; aroundSeq: number; fromSeq: number; toSeq: number },
      { thread_id: string; date: string; distance: number }
    >(
      `SELECT m.thread_id, m.date, min(abs(m.seq - @aroundSeq)) AS distance
       FROM messages m JOIN links l ON l.message_id = m.id AND l.candidate_id = @candidateId
       WHERE m.subject_key = @key AND m.subject_key <> '' AND m.seq BETWEEN @fromSeq AND @toSeq
       GROUP BY m.thread_id
       ORDER BY distance, m.thread_id`,
    );
    this.#isHirebox = db
      .prepare<{ header: string }, number>(
        `SELECT EXISTS (SELECT 1 FROM outbox_items o WHERE o.message_id_header = @header)
             OR EXISTS (SELECT 1 FROM messages m WHERE m.message_id_header = @header AND m.generated_by_hirebox = 1)
             OR EXISTS (SELECT 1 FROM thread_nodes n JOIN messages m ON m.thread_id = n.thread_id
                        WHERE n.message_id_header = @header AND m.generated_by_hirebox = 1)
             OR EXISTS (SELECT 1 FROM thread_nodes n
                          JOIN thread_nodes other ON other.thread_id = n.thread_id
                          JOIN outbox_items o ON o.message_id_header = other.message_id_header
                        WHERE n.message_id_header = @header)`,
      )
      .pluck();
  }

  /** The node with this Message-ID (a stored message or a placeholder), or null. */
  node(messageIdHeader: string): ThreadNode | null {
    const row = this.#node.get(messageIdHeader);
    if (row === undefined) return null;
    return { threadId: row.thread_id, parentId: row.parent_message_id_header, placeholder: row.placeholder === 1, cut: row.is_forward === 1 };
  }

  /**
   * Threads holding a message linked to `candidateId` with subject key `key` dated within
   * `windowMs` of `around` (to the second), one entry per thread with its message nearest
   * in time, nearest first. An empty key never joins: no threads.
   */
  threadsWithSubject(candidateId: string, key: string, around: Date, windowMs: number = subjectJoinWindowMs): SubjectThreadMatch[] {
    const aroundMs = around.getTime();
    if (key === '' || Number.isNaN(aroundMs)) return [];
    const [fromSeq] = seqRange(aroundMs - windowMs, aroundMs - windowMs);
    const [, toSeq] = seqRange(aroundMs + windowMs, aroundMs + windowMs);
    const [aroundSeq] = seqRange(aroundMs, aroundMs);
    return this.#subjectThreads
      .all({ candidateId, key, aroundSeq, fromSeq, toSeq })
      .map((row) => ({ threadId: row.thread_id, messageDate: new Date(row.date) }));
  }

  /**
   * Whether this Message-ID is in a Hirebox thread (R5 "hirebox-thread"): Hirebox chose it
   * (an outbox item, or a stored message marked generated), or its node's thread holds a
   * message Hirebox generated or a node whose Message-ID an outbox item carries.
   */
  isHireboxThread(messageIdHeader: string): boolean {
    return this.#isHirebox.get({ header: messageIdHeader }) === 1;
  }

  /**
   * Step 1 of placing a message: makes the assignment's thread ready and returns its id.
   * Creates it for `new` (a random UUID, in `placement.mailboxId`); merges every thread of
   * `mergeThreadIds` into it (nodes, messages and outbox items move, the merged threads
   * go); for `detachSubtreeOf`, moves that node and its descendants with their messages
   * into it and clears the node's parent, deleting the thread they left if no message
   * remains there. One transaction. Then insert the message with this thread id and call
   * `attachNodes` — or let `apply` do all three.
   * @throws AppError `not-found` for an `existing` thread or a merged one that is not stored.
   */
  prepareThread(assignment: ThreadAssignment, placement: ThreadPlacement): string {
    return this.#db.transaction(() => {
      let threadId: string;
      if (assignment.thread.kind === 'new') {
        threadId = randomUUID();
        try {
          this.#insertThread.run(threadId, placement.mailboxId, placement.createdAt);
        } catch (error) {
          if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no mailbox with this id.', { cause: error });
          throw error;
        }
      } else {
        threadId = assignment.thread.threadId;
        this.#requireThread(threadId);
      }

      for (const merged of new Set(assignment.mergeThreadIds)) {
        if (merged === threadId) continue;
        this.#requireThread(merged);
        for (const step of this.#mergeSteps) step.run({ from: merged, to: threadId });
      }

      const root = assignment.detachSubtreeOf;
      const rootNode = root === null ? null : this.node(root);
      if (root !== null && rootNode !== null) {
        const from = rootNode.threadId;
        const headers = JSON.stringify(this.#subtree.all({ root, threadId: from }));
        this.#moveNodes.run({ headers, from, to: threadId });
        this.#moveMessages.run({ headers, from, to: threadId });
        this.#clearParent.run(root);
        if (from !== threadId) this.#deleteIfEmpty.run(from);
      }
      return threadId;
    })();
  }

  /**
   * Step 3 of placing a message, after its row exists: writes the assignment's nodes into
   * `threadId`. The node whose Message-ID is `ownHeader` (and is no placeholder) gets
   * `message_id = ownMessageId`; every other node keeps its message or stays a placeholder.
   * @throws AppError `not-found` when the thread or the own message is not stored.
   */
  attachNodes(threadId: string, nodes: readonly NodeWrite[], ownMessageId: string, ownHeader: string | null): void {
    this.#db.transaction(() => {
      for (const node of nodes) {
        const own = ownHeader !== null && node.messageId === ownHeader && !node.placeholder;
        try {
          this.#upsertNode.run({
            header: node.messageId,
            threadId,
            messageId: own ? ownMessageId : null,
            parent: node.parentId,
            cut: node.cut ? 1 : 0,
          });
        } catch (error) {
          if (isForeignKeyViolation(error)) throw new AppError('not-found', 'There is no such thread or message.', { cause: error });
          throw error;
        }
      }
    })();
  }

  /**
   * Places one message in one transaction: `prepareThread`, then `storeMessage(threadId)`
   * (which must insert the message row `context.messageId` into that thread, and may
   * store its location and links too), then `attachNodes`. Returns the thread id. If
   * anything throws, nothing of it is stored.
   */
  apply(assignment: ThreadAssignment, context: ThreadApplyContext, storeMessage: (threadId: string) => void): string {
    return this.#db.transaction(() => {
      const threadId = this.prepareThread(assignment, context);
      const stored: unknown = storeMessage(threadId);
      if (typeof (stored as { then?: unknown } | null)?.then === 'function') {
        // A transaction cannot stay open across an await; throwing rolls it all back.
        throw new AppError('internal', 'storeMessage must be synchronous.');
      }
      this.attachNodes(threadId, assignment.nodes, context.messageId, context.messageIdHeader);
      return threadId;
    })();
  }

  #requireThread(threadId: string): void {
    if (this.#threadExists.get(threadId) === undefined) throw new AppError('not-found', 'There is no thread with this id.');
  }
}
