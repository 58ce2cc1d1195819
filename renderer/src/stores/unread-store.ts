import { create } from 'zustand';
import { call } from '../api/client.js';

interface UnreadStore {
  /** Visible threads with unread mail for this user; null until first asked. */
  threads: number | null;
  /** The page's own title, without the count ("Inbox – Hirebox"). */
  pageTitle: string;
  load(): Promise<void>;
}

/** The unread count of the window title (`inbox:unread-count`). */
export const useUnreadStore = create<UnreadStore>((set) => ({
  threads: null,
  pageTitle: '',
  load: async () => {
    const result = await call('inbox:unread-count', {});
    // A failed ask keeps the last count: the title is no place for an error.
    if (result.ok) set({ threads: result.value.threads });
  },
}));

/** The window title: "(3) Inbox – Hirebox" while three conversations are unread. */
export function windowTitle(pageTitle: string, unread: number | null): string {
  return unread !== null && unread > 0 ? `(${unread}) ${pageTitle}` : pageTitle;
}

/** Sets the page's title; the unread count goes in front of it and follows by itself. */
export function setPageTitle(pageTitle: string): void {
  useUnreadStore.setState({ pageTitle });
  document.title = windowTitle(pageTitle, useUnreadStore.getState().threads);
}

/** Keeps `document.title` in step with the count; returns the unsubscribe. */
export function trackUnreadTitle(): () => void {
  return useUnreadStore.subscribe((state) => {
    if (state.pageTitle !== '') document.title = windowTitle(state.pageTitle, state.threads);
  });
}
