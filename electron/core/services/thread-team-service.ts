import { randomUUID } from 'node:crypto';
import type { HandoverResult, ThreadComment, ThreadTeamView, User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/store.js';
import { visibleThreadIds } from './thread-visibility.js';

/** A reply draft saved this recently counts as someone writing now. */
const replyingWindowMs = 2 * 60 * 1000;

/**
 * Working together on a thread (issue 21, as in Front): internal comments that are never
 * sent, who takes care of the thread (assigning, or claiming it for oneself), and who is
 * writing a reply to it right now — so two recruiters do not answer the same candidate.
 * Everything here is for whoever may see the thread (`visible(user, thread)`), and changes
 * are pushed to them as `inbox:changed`.
 */
export class ThreadTeamService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The thread's comments, assignee and who is replying. */
  view(viewer: Viewer, threadId: string): ThreadTeamView {
    this.#assertVisible(viewer, threadId);
    const assigneeId = this.store.threadTeam.assigneeOf(threadId);
    const assignee = assigneeId === null ? null : this.store.users.get(assigneeId);
    const since = new Date(this.now().getTime() - replyingWindowMs).toISOString();
    return {
      threadId,
      assignee: assignee === null ? null : { id: assignee.id, name: assignee.name },
      comments: this.store.threadTeam.comments(threadId).map(toComment),
      replyingNow: this.store.threadTeam.replyingNow(threadId, viewer.userId, since).map(({ userId, name, since: at }) => ({ userId, name, since: at })),
    };
  }

  /** An internal comment: stored with the thread, shown to whoever may see it, never sent. */
  comment(actor: User, viewer: Viewer, threadId: string, body: string): ThreadTeamView {
    this.#assertVisible(viewer, threadId);
    const text = body.trim();
    if (text === '') throw new AppError('invalid-input', 'Write something first.', { field: 'body' });
    this.store.threadTeam.addComment({ id: randomUUID(), threadId, userId: actor.id, body: text, now: this.now().toISOString() });
    this.#changed(threadId);
    return this.view(viewer, threadId);
  }

  /**
   * Gives the thread to `userId` (oneself: claiming it), or to nobody. The assignee must be
   * someone who may see the thread — never a colleague outside its jobs or its shared inbox.
   */
  assign(viewer: Viewer, threadId: string, userId: string | null): ThreadTeamView {
    this.#assertVisible(viewer, threadId);
    if (userId !== null) {
      const assignee = this.store.users.get(userId);
      if (assignee === null) throw new AppError('not-found', 'There is no team member with this id.', { field: 'userId' });
      if (visibleThreadIds(this.store, { userId: assignee.id, role: assignee.role }, [threadId]).length === 0) {
        throw new AppError('invalid-input', `${assignee.name} cannot see this conversation (not on its job or its shared inbox).`, { field: 'userId' });
      }
    }
    this.store.threadTeam.assign(threadId, userId);
    this.#changed(threadId);
    return this.view(viewer, threadId);
  }

  /**
   * Handover (issue 21 item 5): an admin gives the conversations assigned to a leaving user to
   * a colleague. Each one the colleague may see is assigned to them; one they may not (not on
   * its job or shared inbox) is left with nobody and listed, so the admin sees it. Drafts are
   * personal and stay with their author; they are only counted.
   */
  handover(actor: User, fromUserId: string, toUserId: string): HandoverResult {
    if (actor.role !== 'admin') throw new AppError('forbidden', 'Only admins hand over a colleague’s conversations.');
    if (fromUserId === toUserId) throw new AppError('invalid-input', 'Choose another colleague to hand over to.', { field: 'toUserId' });
    const from = this.store.users.get(fromUserId);
    if (from === null) throw new AppError('not-found', 'There is no team member with this id.', { field: 'fromUserId' });
    const to = this.store.users.get(toUserId);
    if (to === null) throw new AppError('not-found', 'There is no team member with this id.', { field: 'toUserId' });
    const threads: HandoverResult['threads'] = [];
    const unassigned: HandoverResult['unassigned'] = [];
    this.store.transaction(() => {
      const assigned = this.store.threadTeam.assignedTo(from.id);
      const visible = new Set(visibleThreadIds(this.store, { userId: to.id, role: to.role }, assigned.map((thread) => thread.threadId)));
      for (const { threadId, subject } of assigned) {
        if (visible.has(threadId)) {
          this.store.threadTeam.assign(threadId, to.id);
          threads.push({ id: threadId, subject, candidates: this.store.threads.linkedCandidates(threadId).flatMap((id) => this.store.candidates.get(id)?.name ?? []) });
        } else {
          this.store.threadTeam.assign(threadId, null);
          unassigned.push({ id: threadId, subject });
        }
      }
    });
    const changed = [...threads.map((thread) => thread.id), ...unassigned.map((thread) => thread.id)];
    if (changed.length > 0) this.events.publish('inbox:changed', { threadIds: changed }, { kind: 'threads', threadIds: changed });
    return { fromUser: { id: from.id, name: from.name }, toUser: { id: to.id, name: to.name }, threads, unassigned, draftsKept: this.store.threadTeam.draftCount(from.id) };
  }

  #assertVisible(viewer: Viewer, threadId: string): void {
    if (this.store.threads.mailboxOf(threadId) === null) throw new AppError('not-found', 'There is no conversation with this id.', { field: 'threadId' });
    if (visibleThreadIds(this.store, viewer, [threadId]).length === 0) throw new AppError('forbidden', 'This thread is not one you can see.', { field: 'threadId' });
  }

  #changed(threadId: string): void {
    this.events.publish('inbox:changed', { threadIds: [threadId] }, { kind: 'threads', threadIds: [threadId] });
  }
}

function toComment(record: { id: string; authorUserId: string | null; authorName: string | null; body: string; createdAt: string }): ThreadComment {
  return { id: record.id, author: record.authorUserId === null ? null : { id: record.authorUserId, name: record.authorName ?? '' }, body: record.body, createdAt: record.createdAt };
}
