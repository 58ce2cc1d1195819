import { describe, expect, it } from 'vitest';
import { subjectKey } from './message-headers.js';
import { type ThreadAssignment, type ThreadingFacts, type ThreadLookup, type ThreadNode, assignThread, subjectJoinWindowMs } from './threading.js';

const day = 24 * 60 * 60 * 1000;
const start = Date.parse('2025-03-03T10:00:00Z');

/** A store in memory that applies assignments the way the sync service must. */
class MemoryThreads implements ThreadLookup {
  readonly nodes = new Map<string, ThreadNode>();
  readonly messages: { key: string; threadId: string; candidateIds: readonly string[]; subjectKey: string; date: Date }[] = [];
  #next = 1;
  last: ThreadAssignment | null = null;

  node(messageId: string): ThreadNode | null {
    return this.nodes.get(messageId) ?? null;
  }

  threadsWithSubject(candidateId: string, key: string) {
    return this.messages.filter((message) => message.candidateIds.includes(candidateId) && message.subjectKey === key).map((message) => ({ threadId: message.threadId, messageDate: message.date }));
  }

  /** Places a message and returns its thread id. */
  place(message: Partial<ThreadingFacts> & { key: string }): string {
    const facts: ThreadingFacts = {
      messageId: `${message.key}@x.example`,
      references: [],
      inReplyTo: [],
      subject: 'Interview',
      date: new Date(start),
      isForward: false,
      candidateIds: ['anna'],
      ...message,
    };
    const assignment = assignThread(facts, this);
    this.last = assignment;
    const threadId = assignment.thread.kind === 'existing' ? assignment.thread.threadId : `t${this.#next++}`;
    const move = (from: (threadId: string, nodeId?: string) => boolean) => {
      for (const [id, node] of this.nodes) if (from(node.threadId, id)) node.threadId = threadId;
      for (const stored of this.messages) if (from(stored.threadId, `${stored.key}@x.example`)) stored.threadId = threadId;
    };
    const merged = new Set(assignment.mergeThreadIds);
    move((thread) => merged.has(thread));
    if (assignment.detachSubtreeOf !== null) {
      const subtree = new Set([assignment.detachSubtreeOf]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [id, node] of this.nodes) {
          if (!subtree.has(id) && node.parentId !== null && subtree.has(node.parentId)) {
            subtree.add(id);
            grew = true;
          }
        }
      }
      move((_thread, id) => id !== undefined && subtree.has(id));
    }
    for (const write of assignment.nodes) this.nodes.set(write.messageId, { threadId, parentId: write.parentId, placeholder: write.placeholder, cut: write.cut });
    if (assignment.joinedBy !== 'already-stored') {
      this.messages.push({ key: message.key, threadId, candidateIds: facts.candidateIds, subjectKey: subjectKey(facts.subject), date: facts.date });
    }
    return threadId;
  }

  threadOf(key: string): string {
    const found = this.messages.find((message) => message.key === key);
    if (found === undefined) throw new Error(`no message ${key}`);
    return found.threadId;
  }
}

const id = (key: string) => `${key}@x.example`;

describe('the parent rule', () => {
  it('joins the thread of the last References entry, else In-Reply-To', () => {
    const store = new MemoryThreads();
    const root = store.place({ key: 'root' });
    expect(store.place({ key: 'viaRefs', references: [id('unknown'), id('root')] })).toBe(root);
    expect(store.place({ key: 'viaInReplyTo', inReplyTo: [id('viaRefs')] })).toBe(root);
    expect(store.last?.joinedBy).toBe('references');
    expect(store.nodes.get(id('viaInReplyTo'))?.parentId).toBe(id('viaRefs'));
  });

  it('ignores In-Reply-To when References names ancestors (RFC 5256 §4)', () => {
    const store = new MemoryThreads();
    const other = store.place({ key: 'other', subject: 'Other', candidateIds: ['bob'] });
    const reply = store.place({ key: 'reply', references: [id('ancestor')], inReplyTo: [id('other')] });
    expect(reply).not.toBe(other);
    expect(store.nodes.get(id('reply'))?.parentId).toBe(id('ancestor'));
  });

  it('gives a message that names only itself no parent', () => {
    const store = new MemoryThreads();
    store.place({ key: 'selfish', references: [id('selfish')], inReplyTo: [id('selfish')] });
    expect(store.nodes.get(id('selfish'))?.parentId).toBeNull();
  });
});

describe('placeholders (JWZ)', () => {
  it('lets two replies to a mail never stored share a thread', () => {
    const store = new MemoryThreads();
    const first = store.place({ key: 'r1', subject: 'Re: A', inReplyTo: [id('unstored')] });
    expect(store.nodes.get(id('unstored'))).toMatchObject({ placeholder: true, parentId: null });
    expect(store.place({ key: 'r2', subject: 'Something else', inReplyTo: [id('unstored')] })).toBe(first);
  });

  it('links every References entry to the one before it', () => {
    const store = new MemoryThreads();
    const first = store.place({ key: 'r1', references: [id('x'), id('y')] });
    expect(store.place({ key: 'r2', references: [id('x'), id('z')] })).toBe(first);
    expect(store.nodes.get(id('z'))).toMatchObject({ parentId: id('x'), placeholder: true });
  });

  it('turns a placeholder into the stored message when it arrives', () => {
    const store = new MemoryThreads();
    const thread = store.place({ key: 'reply', inReplyTo: [id('original')] });
    expect(store.place({ key: 'original' })).toBe(thread);
    expect(store.last?.joinedBy).toBe('replies');
    expect(store.nodes.get(id('original'))).toMatchObject({ placeholder: false, parentId: null });
  });

  it('merges two threads when a late parent links them', () => {
    const store = new MemoryThreads();
    const one = store.place({ key: 'r1', inReplyTo: [id('x')] });
    const two = store.place({ key: 'r2', inReplyTo: [id('y')], subject: 'Other' });
    expect(two).not.toBe(one);
    // y arrives and says its parent is x: both replies now share one thread.
    const merged = store.place({ key: 'y', references: [id('x')] });
    expect(store.last?.mergeThreadIds).toEqual([two]);
    expect(merged).toBe(one);
    expect(store.threadOf('r1')).toBe(one);
    expect(store.threadOf('r2')).toBe(one);
    expect(store.nodes.get(id('y'))?.parentId).toBe(id('x'));
  });

  it('does not change the parent an ancestor already has, and never makes a loop', () => {
    const store = new MemoryThreads();
    store.place({ key: 'a', references: [id('b')] });
    const assignment = assignThread(
      { messageId: id('b'), references: [id('a')], inReplyTo: [], subject: 'x', date: new Date(start), isForward: false, candidateIds: ['anna'] },
      store,
    );
    // b would have a as its parent while a already hangs under b: the link is refused.
    expect(assignment.nodes.find((node) => node.messageId === id('b'))?.parentId).toBeNull();
    expect(assignment.thread).toEqual({ kind: 'existing', threadId: store.threadOf('a') });
  });

  it('places a message without Message-ID by its references, without a node of its own', () => {
    const store = new MemoryThreads();
    const root = store.place({ key: 'root' });
    const assignment = assignThread({ messageId: null, references: [id('root')], inReplyTo: [], subject: 'Re: Interview', date: new Date(start), isForward: false, candidateIds: ['anna'] }, store);
    expect(assignment.thread).toEqual({ kind: 'existing', threadId: root });
    expect(assignment.nodes).toEqual([]);
  });

  it('changes nothing when a stored message is seen again', () => {
    const store = new MemoryThreads();
    const thread = store.place({ key: 'once', inReplyTo: [id('p')] });
    expect(store.place({ key: 'once', inReplyTo: [id('p')] })).toBe(thread);
    expect(store.last).toMatchObject({ joinedBy: 'already-stored', nodes: [], mergeThreadIds: [] });
  });
});

describe('forwards (R6)', () => {
  it('cut the link to their parent and start a new thread', () => {
    const store = new MemoryThreads();
    const original = store.place({ key: 'original' });
    const forward = store.place({ key: 'fwd', subject: 'WG: Interview', references: [id('original')], isForward: true });
    expect(forward).not.toBe(original);
    expect(store.nodes.get(id('fwd'))).toMatchObject({ parentId: null, cut: true });
    // A reply to the forward names the original first: it still joins the forward.
    expect(store.place({ key: 'reply', subject: 'AW: WG: Interview', references: [id('original'), id('fwd')] })).toBe(forward);
    expect(store.threadOf('original')).toBe(original);
  });

  it('take along the replies that arrived before them', () => {
    const store = new MemoryThreads();
    const original = store.place({ key: 'original' });
    // The hiring manager's reply is scanned (INBOX) before the forward (Sent).
    expect(store.place({ key: 'reply', subject: 'AW: WG: Interview', references: [id('original'), id('fwd')] })).toBe(original);
    const forward = store.place({ key: 'fwd', subject: 'WG: Interview', references: [id('original')], isForward: true });
    expect(store.last?.detachSubtreeOf).toBe(id('fwd'));
    expect(forward).not.toBe(original);
    expect(store.threadOf('reply')).toBe(forward);
    expect(store.threadOf('original')).toBe(original);
  });

  it('never join by subject', () => {
    const store = new MemoryThreads();
    const first = store.place({ key: 'f1', subject: 'Fwd: CV', isForward: true });
    expect(store.place({ key: 'f2', subject: 'Fwd: CV', isForward: true })).not.toBe(first);
  });
});

describe('subject joining', () => {
  const at = (days: number) => new Date(start + days * day);

  it('joins a mail without references to the same candidate’s thread within 14 days', () => {
    const store = new MemoryThreads();
    const thread = store.place({ key: 'first', subject: 'Ihre Bewerbung', date: at(0) });
    expect(store.place({ key: 'second', subject: 'AW: Ihre Bewerbung', date: at(13) })).toBe(thread);
    expect(store.last?.joinedBy).toBe('subject');
  });

  it('does not join after 14 days, for another candidate, or with references', () => {
    const store = new MemoryThreads();
    const thread = store.place({ key: 'first', subject: 'Ihre Bewerbung', date: at(0) });
    expect(store.place({ key: 'late', subject: 'AW: Ihre Bewerbung', date: new Date(start + subjectJoinWindowMs + 1000) })).not.toBe(thread);
    expect(store.place({ key: 'bob', subject: 'AW: Ihre Bewerbung', date: at(1), candidateIds: ['bob'] })).not.toBe(thread);
    expect(store.place({ key: 'referenced', subject: 'AW: Ihre Bewerbung', date: at(1), inReplyTo: [id('elsewhere')] })).not.toBe(thread);
    expect(store.place({ key: 'none', subject: 'AW: Ihre Bewerbung', date: at(1), candidateIds: [] })).not.toBe(thread);
  });

  it('picks the thread nearest in time when several match', () => {
    const store = new MemoryThreads();
    store.place({ key: 'old', subject: 'Interview', date: at(0) });
    const recent = store.place({ key: 'recent', subject: 'Interview', date: at(1), inReplyTo: [id('other-root')] });
    expect(store.place({ key: 'reply', subject: 'Re: Interview', date: at(2) })).toBe(recent);
  });

  it.each([
    ['AW: Interview'], // German
    ['Re: Interview'], // English
    ['RE : Interview'], // French
    ['R: Interview'], // Italian
    ['Antw: Interview'], // Dutch
    ['SV: Interview'], // Swedish, Danish, Norwegian
    ['Re[2]: AW: Interview'],
  ])('strips %s', (subject) => {
    const store = new MemoryThreads();
    const thread = store.place({ key: 'first', subject: 'Interview', date: at(0) });
    expect(store.place({ key: 'reply', subject, date: at(1) })).toBe(thread);
  });

  it('keeps forward markers and ambiguous prefixes in the key', () => {
    const store = new MemoryThreads();
    const original = store.place({ key: 'first', subject: 'Interview', date: at(0) });
    expect(store.place({ key: 'vs', subject: 'VS: Interview', date: at(1) })).not.toBe(original);
    const forward = store.place({ key: 'fwd', subject: 'WG: Interview', date: at(1), isForward: true });
    expect(store.place({ key: 'reply-to-forward', subject: 'AW: WG: Interview', date: at(2) })).toBe(forward);
  });

  it('never joins an empty subject', () => {
    const store = new MemoryThreads();
    const first = store.place({ key: 'first', subject: '', date: at(0) });
    expect(store.place({ key: 'second', subject: 'Re:', date: at(0) })).not.toBe(first);
    expect(store.place({ key: 'third', subject: '  ', date: at(0) })).not.toBe(first);
  });
});
