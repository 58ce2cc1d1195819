import { ancestorChain, subjectKey } from './message-headers.js';

/**
 * Threads (PRODUCT.md "Thread", R6), JWZ-style (https://www.jwz.org/doc/threading.html,
 * RFC 5256 §4 REFERENCES) but incremental: one message at a time against what is stored.
 *
 * The store keeps one node per Message-ID and workspace — a stored message or a
 * placeholder for an ancestor never stored — with its parent's Message-ID, its thread,
 * and a `cut` flag for a forward (it never gets a parent, R6). `assignThread` reads that
 * graph through `ThreadLookup` and returns what to write; it writes nothing itself.
 *
 * Threads only grow and merge. The one exception is a forward that arrives after a reply
 * to it: its placeholder already hangs under the forwarded mail, so the assignment asks
 * to detach the placeholder and its descendants into the forward's new thread.
 */

/** Subjects join only within this distance in time (PRODUCT.md "Thread"). */
export const subjectJoinWindowMs = 14 * 24 * 60 * 60 * 1000;

/** A stored node: a message or a placeholder. */
export interface ThreadNode {
  threadId: string;
  /** The parent's Message-ID, null for a root. */
  parentId: string | null;
  /** An ancestor that was referenced but never stored. */
  placeholder: boolean;
  /** A forward: it starts its own thread and never gets a parent (R6). */
  cut: boolean;
}

/** A thread that holds a message with the same subject key for the same candidate. */
export interface SubjectThreadMatch {
  threadId: string;
  /** Date of that message; the 14-day window is checked against it. */
  messageDate: Date;
}

/** What `assignThread` may ask the store. */
export interface ThreadLookup {
  /** The node with this Message-ID (stored or placeholder), or null. */
  node(messageId: string): ThreadNode | null;
  /**
   * Threads holding a message linked to `candidateId` whose subject key
   * (`subjectKey`) is `key` and whose date lies within `subjectJoinWindowMs` of `around`.
   * The window is checked again here; the store may answer a little wider.
   */
  threadsWithSubject(candidateId: string, key: string, around: Date): readonly SubjectThreadMatch[];
}

/** The message to place. */
export interface ThreadingFacts {
  /** Normalised Message-ID, null when the mail has none (then it gets no node). */
  messageId: string | null;
  /** Parsed with `parseMessageIdList`. */
  references: readonly string[];
  inReplyTo: readonly string[];
  subject: string;
  /** The message date (Date header, else INTERNALDATE). */
  date: Date;
  /** From `MatchDecision.isForward`, so matching and threading agree (R6). */
  isForward: boolean;
  /** The candidates the message is linked to; subject joining looks only at their threads. */
  candidateIds: readonly string[];
}

/**
 * A node to insert or update, in the assignment's thread. An existing node keeps its
 * thread only if that thread is the chosen one or one to merge, which is always the case.
 */
export interface NodeWrite {
  messageId: string;
  parentId: string | null;
  placeholder: boolean;
  cut: boolean;
}

/** An existing thread, or a new one the store creates (with an id of its own choosing). */
export type ThreadChoice = { kind: 'existing'; threadId: string } | { kind: 'new' };

/** How the thread was found, for logs and tests. */
export type ThreadJoin =
  /** The message was already stored: nothing changes. */
  | 'already-stored'
  /** A forward: its own new thread (or the thread its earlier replies started). */
  | 'forward'
  /** An ancestor named in References / In-Reply-To is known. */
  | 'references'
  /** Replies to this message arrived first and left a placeholder for it. */
  | 'replies'
  /** No references at all; same subject key, same candidate, within 14 days. */
  | 'subject'
  /** Nothing known: a new thread. */
  | 'none';

/** What the store must write to place one message. */
export interface ThreadAssignment {
  thread: ThreadChoice;
  joinedBy: ThreadJoin;
  /** Nodes to upsert (the message's own node and its placeholders), all into `thread`. */
  nodes: NodeWrite[];
  /**
   * Threads to merge into `thread` (which is then always `existing`): move their nodes and
   * messages, then delete them. A late parent can join two threads this way: two replies
   * that named different unstored ancestors sat in two threads until the mail linking
   * those ancestors arrived. The survivor is the thread of the known ancestor nearest the
   * root, so the older conversation keeps its id.
   */
  mergeThreadIds: string[];
  /**
   * For a forward whose placeholder already hung under the forwarded mail: move this node
   * and all its descendants (by parent pointers) into the new thread, and clear its parent.
   */
  detachSubtreeOf: string | null;
}

// Parent chains in real mail are short; a longer walk means corrupt data, not a thread.
const maxAncestorWalk = 10_000;

/**
 * Places one message (PRODUCT.md "Thread"):
 * 1. parent = last of References, else first of In-Reply-To (`ancestorChain`);
 *    References links each id to the one before it, so unstored ancestors become
 *    placeholders and two replies to a mail never stored share its placeholder;
 *    an ancestor that already has a parent keeps it (JWZ), no link makes a loop,
 *    and a forward node never gets a parent;
 * 2. a forward cuts the link to its parent and starts a new thread (R6);
 * 3. only a mail with no references at all, whose own id nobody referenced before,
 *    joins by subject: same `subjectKey`, a thread of one of its candidates, within
 *    14 days — the nearest in time; an empty subject never joins.
 * A message already stored (not a placeholder) gets its thread back with nothing to write.
 */
export function assignThread(message: ThreadingFacts, lookup: ThreadLookup): ThreadAssignment {
  const ownId = message.messageId;
  const ownNode = ownId === null ? null : lookup.node(ownId);
  if (ownNode !== null && !ownNode.placeholder) {
    return { thread: { kind: 'existing', threadId: ownNode.threadId }, joinedBy: 'already-stored', nodes: [], mergeThreadIds: [], detachSubtreeOf: null };
  }
  if (message.isForward) return placeForward(ownId, ownNode);

  const writes = new Map<string, NodeWrite>();
  const parentOf = (id: string): string | null => (writes.has(id) ? (writes.get(id) as NodeWrite).parentId : (lookup.node(id)?.parentId ?? null));
  // Would `child` → `parent` close a loop? True when `child` is `parent` or one of its ancestors.
  const wouldLoop = (child: string, parent: string): boolean => {
    let current: string | null = parent;
    for (let steps = 0; current !== null; steps += 1) {
      if (current === child || steps > maxAncestorWalk) return true;
      current = parentOf(current);
    }
    return false;
  };

  const chain = ancestorChain({ messageId: ownId, references: message.references, inReplyTo: message.inReplyTo });
  const ancestorThreads: string[] = [];
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const id = chain[index] as string;
    const parent = index > 0 ? (chain[index - 1] as string) : null;
    const existing = lookup.node(id);
    if (existing === null) {
      // A new placeholder has no descendants yet but the chain below it, which never holds
      // `parent` (the chain is distinct), so no loop check is needed.
      writes.set(id, { messageId: id, parentId: parent, placeholder: true, cut: false });
      continue;
    }
    ancestorThreads.push(existing.threadId);
    if (existing.parentId !== null || existing.cut || parent === null || wouldLoop(id, parent)) break;
    writes.set(id, { messageId: id, parentId: parent, placeholder: existing.placeholder, cut: false });
  }

  if (ownId !== null) {
    let parent = chain.at(-1) ?? ownNode?.parentId ?? null;
    // A Message-ID no node holds yet has no descendants (a reference to it would have left a
    // placeholder), so it cannot close a loop: no walk up a chain of 10^5 ancestors (issue 23).
    if (parent !== null && ownNode !== null && wouldLoop(ownId, parent)) parent = ownNode.parentId;
    writes.set(ownId, { messageId: ownId, parentId: parent, placeholder: false, cut: false });
  }
  const nodes = [...writes.values()];

  // Nearest-root ancestor first, then nearer ones, then the message's own placeholder.
  const touched = [...new Set([...ancestorThreads.reverse(), ...(ownNode === null ? [] : [ownNode.threadId])])];
  const [survivor, ...others] = touched;
  if (survivor !== undefined) {
    const joinedBy: ThreadJoin = ancestorThreads.length > 0 ? 'references' : 'replies';
    return { thread: { kind: 'existing', threadId: survivor }, joinedBy, nodes, mergeThreadIds: others, detachSubtreeOf: null };
  }
  if (chain.length === 0) {
    const bySubject = findSubjectThread(message, lookup);
    if (bySubject !== null) {
      return { thread: { kind: 'existing', threadId: bySubject }, joinedBy: 'subject', nodes, mergeThreadIds: [], detachSubtreeOf: null };
    }
  }
  return { thread: { kind: 'new' }, joinedBy: 'none', nodes, mergeThreadIds: [], detachSubtreeOf: null };
}

/** R6: a forward starts its own thread; replies to it that came first are taken along. */
function placeForward(ownId: string | null, ownNode: ThreadNode | null): ThreadAssignment {
  const nodes: NodeWrite[] = ownId === null ? [] : [{ messageId: ownId, parentId: null, placeholder: false, cut: true }];
  if (ownNode !== null && ownNode.parentId === null) {
    return { thread: { kind: 'existing', threadId: ownNode.threadId }, joinedBy: 'forward', nodes, mergeThreadIds: [], detachSubtreeOf: null };
  }
  return { thread: { kind: 'new' }, joinedBy: 'forward', nodes, mergeThreadIds: [], detachSubtreeOf: ownNode === null ? null : ownId };
}

function findSubjectThread(message: ThreadingFacts, lookup: ThreadLookup): string | null {
  const key = subjectKey(message.subject);
  if (key === '') return null;
  let best: { threadId: string; distance: number } | null = null;
  for (const candidateId of new Set(message.candidateIds)) {
    for (const match of lookup.threadsWithSubject(candidateId, key, message.date)) {
      const distance = Math.abs(match.messageDate.getTime() - message.date.getTime());
      if (!(distance <= subjectJoinWindowMs)) continue;
      if (best === null || distance < best.distance) best = { threadId: match.threadId, distance };
    }
  }
  return best?.threadId ?? null;
}
