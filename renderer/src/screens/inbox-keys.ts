import { useCallback, useEffect } from 'react';
import { dialogOpen, isTypingTarget } from '../components/keyboard.js';
import { useInboxStore } from '../stores/lists.js';
import { navigateTo } from '../stores/navigation-store.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { openShortcuts } from '../stores/shortcuts-store.js';
import { setThreadRead, useThreadStore } from '../stores/thread-store.js';
import { newestForwardable, startForward } from './composer-forward.js';
import { startReply } from './composer.js';

interface InboxKeysOptions {
  /** The conversation under the keyboard cursor. */
  cursorId: string | null;
  setCursorId: (id: string) => void;
  /** The conversation open in the reading pane. */
  threadId: string | undefined;
  focusList: () => void;
  /** `c`: write to this candidate (their thread picker first). */
  writeTo: (candidateId: string) => void;
}

/**
 * The inbox's single-key shortcuts, listened for on the window while the inbox is shown:
 * J/K move, Enter opens, Esc goes back, U toggles unread, R/A reply (all), F forwards,
 * C writes to the candidate, ? lists the shortcuts (docs/decisions.md "Inbox I"). Returns
 * the handler, for the reading pane to pass on what it does not take itself.
 */
export function useInboxKeys({ cursorId, setCursorId, threadId, focusList, writeTo }: InboxKeysOptions): (event: KeyboardEvent) => void {
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || dialogOpen()) return;
      const { items: threads } = useInboxStore.getState();
      const index = cursorId === null ? -1 : threads.findIndex((thread) => thread.id === cursorId);
      const move = (to: number) => {
        const next = threads[Math.max(0, Math.min(threads.length - 1, to))];
        if (next) setCursorId(next.id);
        if (to >= threads.length - 5) void useInboxStore.getState().loadMore();
      };
      switch (event.key) {
        case 'j':
          event.preventDefault();
          move(index + 1);
          break;
        case 'k':
          event.preventDefault();
          move(index <= 0 ? 0 : index - 1);
          break;
        case 'Enter':
          if (cursorId !== null && (event.target === document.body || (event.target instanceof Element && event.target.closest('.virtual-scroll, .page, .thread-view')))) {
            // A focused button or link keeps its own Enter.
            if (event.target instanceof Element && event.target.closest('button, a[href]')) return;
            event.preventDefault();
            navigateTo({ page: 'inbox', threadId: cursorId });
          }
          break;
        case 'Escape':
          if (threadId !== undefined) {
            event.preventDefault();
            navigateTo({ page: 'inbox' });
            focusList();
          }
          break;
        case 'u': {
          const thread = threads[index];
          if (thread) {
            event.preventDefault();
            void setThreadRead(thread.id, thread.unread);
            if (thread.id === threadId) void useThreadStore.getState().reload();
          }
          break;
        }
        case 'r':
        case 'a': {
          // Compose (writing mail): reply (all) to the open conversation.
          const open = useThreadStore.getState();
          if (threadId !== undefined && open.threadId === threadId && open.thread) {
            event.preventDefault();
            startReply(open.thread, event.key === 'a' ? 'reply-all' : 'reply');
          }
          break;
        }
        case 'f': {
          // Forward the newest mail of the open conversation that is linked to a candidate (R6).
          const open = useThreadStore.getState();
          const message = open.thread && open.threadId === threadId ? newestForwardable(open.thread) : null;
          if (open.thread && message) {
            event.preventDefault();
            startForward(open.thread, message);
          }
          break;
        }
        case 'c': {
          // C writes to the candidate of the conversation under the cursor (or the open one): which conversation first (R6).
          const thread = threads[index] ?? threads.find((candidate) => candidate.id === threadId);
          const candidate = thread?.candidates.find((link) => link.reason !== 'forward') ?? thread?.candidates[0];
          if (candidate) {
            event.preventDefault();
            if (useOutboxStore.getState().drafts[`candidate:${candidate.id}`]) navigateTo({ page: 'candidates', candidateId: candidate.id });
            else writeTo(candidate.id);
          }
          break;
        }
        case '?':
          event.preventDefault();
          openShortcuts();
          break;
        default:
          break;
      }
    },
    [cursorId, setCursorId, threadId, focusList, writeTo],
  );

  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onKeyDown]);

  return onKeyDown;
}
