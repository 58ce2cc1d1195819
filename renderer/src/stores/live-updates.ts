import { isDesktopShell, subscribe } from '../api/client.js';
import { trackConnection } from './connection-store.js';
import { applyMailboxStatus, refreshIfShown, useCandidateThreadsStore, useCandidatesStore, useInboxStore, useJobsStore, useMailboxesStore, useTeamStore } from './lists.js';
import { reloadShownDetails } from './details.js';
import { reloadLoadedFolders } from './mailbox-store.js';
import { useOutboxStore } from './outbox-store.js';
import { navigateTo } from './navigation-store.js';
import { showNotice } from './notices-store.js';
import { usePreferencesStore } from './preferences-store.js';
import { useSessionStore } from './session-store.js';
import { useThreadStore } from './thread-store.js';
import { trackUnreadTitle, useUnreadStore } from './unread-store.js';

/**
 * Runs `task` at most once per `intervalMs`, trailing: a burst of pushes during a sync
 * becomes one reload, and the last push is never lost.
 */
export function coalesce(task: () => void, intervalMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      task();
    }, intervalMs);
  };
}

/**
 * Keeps the stores current: pushed events update or reload what they concern, and after
 * a dropped connection everything shown is loaded again. Returns the unsubscribe.
 */
export function startLiveUpdates(): () => void {
  const refreshInbox = coalesce(() => refreshIfShown(useInboxStore), 300);
  const refreshCandidateThreads = coalesce(() => refreshIfShown(useCandidateThreadsStore), 300);
  const refreshMailboxes = coalesce(() => refreshIfShown(useMailboxesStore), 300);
  const refreshUnread = coalesce(() => void useUnreadStore.getState().load(), 300);

  const stops = [
    trackUnreadTitle(),
    subscribe('workspace:changed', (workspace) => useSessionStore.getState().applyWorkspace(workspace)),
    subscribe('preferences:changed', (preferences) => usePreferencesStore.getState().apply(preferences)),
    subscribe('mailbox:status', (event) => {
      // `paused` may be an unlinking (R12): the list learns `unlinkedAt`, so the composer stops offering it.
      if (!applyMailboxStatus(event) || event.status.state === 'paused') refreshMailboxes();
      // A finished sync may have brought candidate mail; the engine does not (yet) say
      // so with `inbox:changed` after a sync, so the inbox asks again.
      if (event.status.state === 'up-to-date') {
        refreshInbox();
        refreshUnread();
      }
    }),
    subscribe('inbox:changed', (event) => {
      refreshInbox();
      refreshUnread();
      // Inbox I: the open conversation and a profile's list follow too.
      refreshCandidateThreads();
      const shown = useThreadStore.getState().threadId;
      if (shown !== null && event.threadIds.includes(shown)) void useThreadStore.getState().reload();
    }),
    // Compose (writing mail): outbox states follow live; a sent mail joins its open conversation.
    subscribe('outbox:changed', (event) => {
      useOutboxStore.getState().applyChange(event);
      const shown = useThreadStore.getState().threadId;
      if (shown !== null && shown === event.threadId && (event.state.state === 'accepted' || event.state.state === 'filed')) void useThreadStore.getState().open(shown);
      if (event.state.state === 'accepted') refreshInbox();
    }),
    // New candidate mail: the engine sends it only to who may see it and asked for it. In a
    // browser it is a toast; the desktop shell shows a system notification instead.
    subscribe('mail:arrived', (notice) => {
      if (!isDesktopShell()) showNotice(notice);
    }),
    // The desktop shell: the user clicked a system notification.
    subscribe('notification:opened', ({ threadId }) => navigateTo({ page: 'inbox', threadId })),
    trackConnection(() => {
      const session = useSessionStore.getState();
      if (session.phase === 'failed') void session.load();
      if (session.phase !== 'ready') return;
      void usePreferencesStore.getState().load();
      for (const store of [useInboxStore, useMailboxesStore, useCandidatesStore, useJobsStore, useTeamStore]) refreshIfShown(store);
      reloadShownDetails();
      useThreadStore.getState().reconnected();
      reloadLoadedFolders();
      refreshUnread();
      if (useOutboxStore.getState().status !== 'idle') void useOutboxStore.getState().load();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
