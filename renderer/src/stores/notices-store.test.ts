import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewMailNotice } from '../../../shared/events.js';
import { dismissNotice, holdNotice, maxShownNotices, noticeLifetimeMs, showNotice, useNoticesStore } from './notices-store.js';

function notice(n: number): NewMailNotice {
  return { threadId: `thread-${n}`, messageId: `message-${n}`, sender: `Sender ${n}`, subject: `Subject ${n}`, receivedAt: '2026-12-07T10:00:00.000Z' };
}

beforeEach(() => {
  vi.useFakeTimers();
  useNoticesStore.setState({ notices: [] });
});
afterEach(() => {
  for (const shown of useNoticesStore.getState().notices) dismissNotice(shown.messageId);
  vi.useRealTimers();
});

const shownIds = () => useNoticesStore.getState().notices.map((shown) => shown.messageId);

describe('toasts of new mail', () => {
  it('show the newest first, at most three, and one per mail', () => {
    for (const n of [1, 2, 3, 4]) showNotice(notice(n));
    showNotice(notice(4));
    expect(maxShownNotices).toBe(3);
    expect(shownIds()).toEqual(['message-4', 'message-3', 'message-2']);
  });

  it('go by themselves after a while, unless held by the pointer or focus', () => {
    showNotice(notice(1));
    showNotice(notice(2));
    holdNotice('message-2', true);
    vi.advanceTimersByTime(noticeLifetimeMs + 1);
    expect(shownIds()).toEqual(['message-2']);
    holdNotice('message-2', false);
    vi.advanceTimersByTime(noticeLifetimeMs + 1);
    expect(shownIds()).toEqual([]);
  });

  it('go at once when dismissed', () => {
    showNotice(notice(1));
    dismissNotice('message-1');
    expect(shownIds()).toEqual([]);
  });
});
