import { create } from 'zustand';
import type { NewMailNotice } from '../../../shared/events.js';

/** How long a toast of new mail stays unless the user opens or closes it. */
export const noticeLifetimeMs = 12_000;
/** Toasts shown at once; older ones give way. */
export const maxShownNotices = 3;

interface NoticesStore {
  notices: NewMailNotice[];
}

/**
 * In-app toasts of new candidate mail, for the browser (headless shell). The desktop shell
 * shows system notifications instead (electron/main/new-mail-notifications.ts).
 */
export const useNoticesStore = create<NoticesStore>(() => ({ notices: [] }));

const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** Shows a toast for this mail (once per message), newest first, and lets it go after a while. */
export function showNotice(notice: NewMailNotice): void {
  const { notices } = useNoticesStore.getState();
  if (notices.some((shown) => shown.messageId === notice.messageId)) return;
  const next = [notice, ...notices];
  for (const dropped of next.slice(maxShownNotices)) clearTimer(dropped.messageId);
  useNoticesStore.setState({ notices: next.slice(0, maxShownNotices) });
  timers.set(notice.messageId, setTimeout(() => dismissNotice(notice.messageId), noticeLifetimeMs));
}

export function dismissNotice(messageId: string): void {
  clearTimer(messageId);
  useNoticesStore.setState((state) => ({ notices: state.notices.filter((notice) => notice.messageId !== messageId) }));
}

/** Keeps a toast while the pointer or focus is on it; `false` starts its time again. */
export function holdNotice(messageId: string, held: boolean): void {
  clearTimer(messageId);
  if (!held) timers.set(messageId, setTimeout(() => dismissNotice(messageId), noticeLifetimeMs));
}

function clearTimer(messageId: string): void {
  clearTimeout(timers.get(messageId));
  timers.delete(messageId);
}
