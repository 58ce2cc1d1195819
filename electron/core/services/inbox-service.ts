import fs from 'node:fs';
import path from 'node:path';
import { isDangerousFileName, safeSaveName } from '../../../shared/dangerous-files.js';
import type { BlobRef, ThreadDetail, ThreadSummary } from '../../../shared/model.js';
import { threadPageSize, type Page } from '../../../shared/paging.js';
import type { EventBus } from '../events/event-bus.js';
import { candidateScope, mayViewThread, type TeamDirectory, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import { cleanReceivedHtml } from '../mime/received-html.js';
import type { Store } from '../store/store.js';
import type { ThreadFilters, ThreadPage } from '../store/repositories/threads-repository.js';
import type { BlobService } from './blob-service.js';
import { threadFacts } from './thread-visibility.js';

export interface InboxServiceOptions {
  store: Store;
  events: EventBus;
  blobs: BlobService;
  dataFolder: string;
  now?: () => Date;
}

/** The candidate inbox: threads the viewer may see (PRODUCT.md "Who sees what"), newest first, one thread, read state, attachments. */
export class InboxService {
  readonly #store: Store;
  readonly #events: EventBus;
  readonly #blobs: BlobService;
  readonly #dataFolder: string;
  readonly #now: () => Date;
  readonly #teams: TeamDirectory;

  constructor(options: InboxServiceOptions) {
    this.#store = options.store;
    this.#events = options.events;
    this.#blobs = options.blobs;
    this.#dataFolder = options.dataFolder;
    this.#now = options.now ?? (() => new Date());
    this.#teams = { jobIdsOf: (userId) => this.#store.jobs.jobIdsOfTeamMember(userId) };
  }

  list(viewer: Viewer, input: ThreadFilters & { cursor?: string | undefined; limit: number }): Page<ThreadSummary> {
    return this.#store.threads.list({ ...input, scope: candidateScope(viewer), viewerUserId: viewer.userId });
  }

  /** How many visible threads hold unread mail for this viewer. */
  unreadCount(viewer: Viewer): { threads: number } {
    return { threads: this.#store.threads.unreadCount(candidateScope(viewer), viewer.userId) };
  }

  /**
   * One thread with a page of its messages (the newest `limit`, or those before `before`),
   * oldest first, their HTML cleaned (mime/received-html.ts).
   * @throws AppError `not-found`, `forbidden`; `invalid-input` (field `before`) for a cursor of another thread or list.
   */
  get(viewer: Viewer, threadId: string, page: ThreadPage = { limit: threadPageSize }): ThreadDetail {
    this.#checkVisible(viewer, threadId);
    const detail = this.#store.threads.detail(threadId, candidateScope(viewer), viewer.userId, page);
    for (const message of detail.messages) {
      // Cleaned here, before any client gets it (issue 23): the renderer's sanitiser and the
      // mail frame's policy are the second and third walls, not the first.
      if (message.html !== null) message.html = cleanReceivedHtml(message.html).html;
      message.attachments = this.#store.attachments.listFor(message.id).map((attachment) => ({
        id: attachment.id,
        fileName: attachment.fileName,
        mimeType: attachment.mimeType,
        size: attachment.size,
        isInline: attachment.isInline,
        stored: attachment.contentHash !== null,
      }));
    }
    return { ...detail, mailboxId: detail.mailboxId ?? '' };
  }

  /** Read or unread for this viewer only; other windows of the same user hear of it. */
  setRead(viewer: Viewer, threadId: string, read: boolean): { threadId: string; read: boolean } {
    this.#checkVisible(viewer, threadId);
    this.#store.threads.setRead(threadId, viewer.userId, read, this.#now().toISOString());
    this.#events.publish('inbox:changed', { threadIds: [threadId] }, { kind: 'user', userId: viewer.userId });
    return { threadId, read };
  }

  /**
   * An attachment of a message the viewer may see, handed over as a blob. A type that
   * runs code (shared/dangerous-files.ts) goes as `application/octet-stream`, so nothing
   * on the way (a browser) renders or runs it; the renderer warns before it is saved.
   * The blob's name is the safe save name (shared/dangerous-files.ts).
   */
  openAttachment(viewer: Viewer, attachmentId: string): BlobRef {
    const attachment = this.readAttachment(viewer, attachmentId);
    const mimeType = isDangerousFileName(attachment.fileName) ? 'application/octet-stream' : attachment.mimeType;
    // Offered under the name it is saved under in both shells (the headless download's
    // `Content-Disposition`, the desktop's save dialog): never a path, no direction marks.
    return this.#blobs.offer(viewer.userId, attachment.data, { fileName: safeSaveName(attachment.fileName), mimeType });
  }

  /**
   * The stored file of an attachment of a message the viewer may see, with its name and
   * type as the mail gave them (a forward carries it on unchanged).
   * @throws AppError `not-found` for an unknown attachment or one never downloaded, `forbidden`.
   */
  readAttachment(viewer: Viewer, attachmentId: string): { messageId: string; fileName: string; mimeType: string; data: Buffer } {
    const attachment = this.#store.attachments.get(attachmentId);
    if (attachment === null) throw new AppError('not-found', 'There is no attachment with this id.', { field: 'attachmentId' });
    const message = this.#store.messages.get(attachment.messageId);
    if (message === null) throw new AppError('not-found', 'There is no attachment with this id.', { field: 'attachmentId' });
    this.#checkVisible(viewer, message.threadId, 'attachmentId');
    if (attachment.contentHash === null || !/^[0-9a-f]{64}$/.test(attachment.contentHash)) {
      throw new AppError('not-found', 'This attachment was not downloaded with its mail.', { field: 'attachmentId' });
    }
    let data: Buffer;
    try {
      data = fs.readFileSync(path.join(this.#dataFolder, 'attachments', attachment.contentHash));
    } catch (error) {
      throw new AppError('not-found', 'The file of this attachment is missing from the data folder.', { field: 'attachmentId', cause: error });
    }
    return { messageId: attachment.messageId, fileName: attachment.fileName, mimeType: attachment.mimeType, data };
  }

  /** The visibility rule for one thread; `not-found` for an unknown thread, `forbidden` for one out of view. */
  #checkVisible(viewer: Viewer, threadId: string, field = 'threadId'): void {
    const facts = threadFacts(this.#store, threadId);
    if (facts === null) throw new AppError('not-found', 'There is no thread with this id.', { field });
    if (!mayViewThread(viewer, facts, this.#teams)) throw new AppError('forbidden', 'This thread is not one you can see.', { field });
  }
}
