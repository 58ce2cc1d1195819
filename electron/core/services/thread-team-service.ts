import { randomUUID } from 'node:crypto';
import type { ThreadComment, ThreadTeamView, User } from '../../../shared/model.js';
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
