import { create } from 'zustand';
import type { Result, WireError } from '../../../shared/errors.js';
import type { ThreadDetail } from '../../../shared/model.js';
import { call, downloadBlob } from '../api/client.js';
import { useCandidateProfileStore } from './candidate-profile-store.js';
import { refreshIfShown, useCandidateThreadsStore, useInboxStore } from './lists.js';

interface ThreadStore {
  /** The thread shown (from the route). */
  threadId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  thread: ThreadDetail | null;
  error: WireError | null;
  /** Message ids whose remote images the user chose to show (this session only). */
  imagesShown: ReadonlySet<string>;
  /** Opens a thread and marks it read. */
  open(threadId: string): Promise<void>;
  /** Loads the shown thread again without blanking it (pushed changes). */
  reload(): Promise<void>;
  /**
   * After the engine connection came back: a thread that was loading or failed to load
   * opens now; a shown one loads again (it may have changed meanwhile).
   */
  reconnected(): void;
  close(): void;
  showImages(messageId: string): void;
  /** "Not this candidate": unlinks every message of the thread linked to the candidate (remembered across syncs). */
  unlinkCandidate(candidateId: string): Promise<Result<unknown>>;
  /** "Link to a candidate": links every message of the thread by hand. */
  linkCandidate(candidateId: string): Promise<Result<unknown>>;
}

let generation = 0;

/** Marks a thread read or unread, in the engine and in every list that shows it. */
export async function setThreadRead(threadId: string, read: boolean): Promise<Result<unknown>> {
  applyUnread(threadId, !read);
  const result = await call('threads:set-read', { threadId, read });
  if (!result.ok) applyUnread(threadId, read);
  return result;
}

function applyUnread(threadId: string, unread: boolean): void {
  for (const store of [useInboxStore, useCandidateThreadsStore]) {
    const { items } = store.getState();
    if (items.some((item) => item.id === threadId)) {
      store.setState({ items: items.map((item) => (item.id === threadId ? { ...item, unread } : item)) });
    }
  }
}

/** The open thread of the inbox's reading pane (`#/inbox/<threadId>`). */
export const useThreadStore = create<ThreadStore>((set, get) => {
  async function fetchThread(threadId: string, blank: boolean): Promise<Result<ThreadDetail>> {
    const mine = ++generation;
    set(blank ? { threadId, status: 'loading', thread: null, error: null, imagesShown: new Set() } : { threadId });
    const result = await call('threads:get', { threadId });
    if (mine !== generation) return result;
    if (result.ok) set({ thread: result.value, status: 'ready', error: null });
    else if (!blank && get().thread !== null && result.error.retryable) set({ error: null });
    else set({ thread: null, status: 'error', error: result.error });
    return result;
  }

  async function afterLinksChanged(): Promise<void> {
    refreshIfShown(useInboxStore);
    refreshIfShown(useCandidateThreadsStore);
    void useCandidateProfileStore.getState().reload();
    await get().reload();
  }

  return {
    threadId: null,
    status: 'idle',
    thread: null,
    error: null,
    imagesShown: new Set(),

    open: async (threadId) => {
      const same = get().threadId === threadId && get().status === 'ready';
      const result = await fetchThread(threadId, !same);
      if (result.ok && result.value.messages.some((message) => message.unread)) await setThreadRead(threadId, true);
    },

    reload: async () => {
      const { threadId, status } = get();
      if (threadId !== null && status !== 'idle') await fetchThread(threadId, false);
    },

    reconnected: () => {
      const { threadId, status } = get();
      if (threadId === null || status === 'idle') return;
      if (status === 'ready') void get().reload();
      else void get().open(threadId);
    },

    close: () => {
      generation++;
      set({ threadId: null, status: 'idle', thread: null, error: null, imagesShown: new Set() });
    },

    showImages: (messageId) => set((state) => ({ imagesShown: new Set([...state.imagesShown, messageId]) })),

    unlinkCandidate: async (candidateId) => {
      const thread = get().thread;
      if (thread === null) return notShown();
      let last: Result<unknown> = { ok: true, value: null };
      for (const message of thread.messages) {
        if (!message.links.some((link) => link.candidateId === candidateId)) continue;
        last = await call('messages:unlink', { messageId: message.id, candidateId });
        if (!last.ok) break;
      }
      await afterLinksChanged();
      return last;
    },

    linkCandidate: async (candidateId) => {
      const thread = get().thread;
      if (thread === null) return notShown();
      let last: Result<unknown> = { ok: true, value: null };
      for (const message of thread.messages) {
        if (message.links.some((link) => link.candidateId === candidateId)) continue;
        last = await call('messages:link', { messageId: message.id, candidateId });
        if (!last.ok) break;
      }
      await afterLinksChanged();
      return last;
    },
  };
});

function notShown(): Promise<{ ok: false; error: WireError }> {
  return Promise.resolve({ ok: false, error: { code: 'not-found', message: 'No thread is shown.', retryable: false } });
}

/**
 * "Not this candidate" for a whole thread from a list (the candidate's profile): every
 * message linked to the candidate is unlinked, which sync remembers.
 */
export async function unlinkThreadFromCandidate(threadId: string, candidateId: string): Promise<Result<unknown>> {
  const thread = await call('threads:get', { threadId });
  if (!thread.ok) return thread;
  let last: Result<unknown> = { ok: true, value: null };
  for (const message of thread.value.messages) {
    if (!message.links.some((link) => link.candidateId === candidateId)) continue;
    last = await call('messages:unlink', { messageId: message.id, candidateId });
    if (!last.ok) break;
  }
  useCandidateThreadsStore.setState((state) => ({ items: state.items.filter((item) => item.id !== threadId) }));
  refreshIfShown(useInboxStore);
  refreshIfShown(useCandidateThreadsStore);
  return last;
}

/** Saves an attachment of the shown thread: the engine hands it over as a blob, the browser saves it. */
export async function saveAttachment(attachmentId: string): Promise<Result<null>> {
  const offered = await call('attachments:open', { attachmentId });
  if (!offered.ok) return offered;
  return downloadBlob(offered.value);
}
