import { create } from 'zustand';
import type { Result, WireError } from '../../../shared/errors.js';
import type { ThreadDetail, ThreadMessageView } from '../../../shared/model.js';
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
  /** Loads the shown thread again without blanking it (pushed changes); earlier pages loaded stay. */
  reload(): Promise<void>;
  /** "Show earlier messages": the page before the oldest shown, put in front (issue 23). */
  loadEarlier(): Promise<Result<unknown>>;
  /** True while `loadEarlier` waits for the engine. */
  loadingEarlier: boolean;
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
    set(blank ? { threadId, status: 'loading', thread: null, error: null, imagesShown: new Set(), loadingEarlier: false } : { threadId });
    const result = await call('threads:get', { threadId });
    if (mine !== generation) return result;
    if (result.ok) set({ thread: keepEarlier(blank ? null : get().thread, result.value), status: 'ready', error: null });
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
    loadingEarlier: false,

    loadEarlier: async () => {
      const { thread } = get();
      if (thread === null || thread.earlierCursor === null || get().loadingEarlier) return { ok: true, value: null };
      const mine = generation;
      set({ loadingEarlier: true });
      const result = await call('threads:get', { threadId: thread.id, before: thread.earlierCursor });
      if (mine !== generation) return result;
      const shown = get().thread;
      if (result.ok && shown !== null && shown.id === thread.id) {
        const known = new Set(shown.messages.map((message) => message.id));
        set({
          thread: { ...shown, earlierCount: result.value.earlierCount, earlierCursor: result.value.earlierCursor, messages: [...result.value.messages.filter((message) => !known.has(message.id)), ...shown.messages] },
          loadingEarlier: false,
        });
      } else set({ loadingEarlier: false });
      return result;
    },

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
      set({ threadId: null, status: 'idle', thread: null, error: null, imagesShown: new Set(), loadingEarlier: false });
    },

    showImages: (messageId) => set((state) => ({ imagesShown: new Set([...state.imagesShown, messageId]) })),

    unlinkCandidate: async (candidateId) => {
      const thread = get().thread;
      if (thread === null) return notShown();
      let last: Result<unknown> = { ok: true, value: null };
      const all = await everyMessage(thread);
      if (!all.ok) return all;
      for (const message of all.value) {
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
      const all = await everyMessage(thread);
      if (!all.ok) return all;
      for (const message of all.value) {
        if (message.links.some((link) => link.candidateId === candidateId)) continue;
        last = await call('messages:link', { messageId: message.id, candidateId });
        if (!last.ok) break;
      }
      await afterLinksChanged();
      return last;
    },
  };
});

/**
 * A reload answers the newest page: the earlier pages the user loaded stay in front of it
 * (where the two overlap), so the reading position survives pushed changes.
 */
function keepEarlier(shown: ThreadDetail | null, fresh: ThreadDetail): ThreadDetail {
  if (shown === null || shown.id !== fresh.id || fresh.earlierCursor === null || shown.messages.length <= fresh.messages.length) return fresh;
  const first = fresh.messages[0];
  const at = first === undefined ? -1 : shown.messages.findIndex((message) => message.id === first.id);
  if (at <= 0) return fresh;
  return { ...fresh, messages: [...shown.messages.slice(0, at), ...fresh.messages], earlierCount: shown.earlierCount, earlierCursor: shown.earlierCursor };
}

/** Every message of a thread, the pages not shown loaded too (linking acts on the whole thread). */
async function everyMessage(thread: ThreadDetail): Promise<Result<ThreadMessageView[]>> {
  const messages = [...thread.messages];
  let cursor = thread.earlierCursor;
  while (cursor !== null) {
    const page = await call('threads:get', { threadId: thread.id, before: cursor, limit: 500 });
    if (!page.ok) return page;
    messages.unshift(...page.value.messages);
    cursor = page.value.earlierCursor;
  }
  return { ok: true, value: messages };
}

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
  const all = await everyMessage(thread.value);
  if (!all.ok) return all;
  let last: Result<unknown> = { ok: true, value: null };
  for (const message of all.value) {
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
