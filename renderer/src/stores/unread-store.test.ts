import { describe, expect, it } from 'vitest';
import { windowTitle } from './unread-store.js';

describe('the window title', () => {
  it('puts the unread count in front, and nothing while all is read or not yet known', () => {
    expect(windowTitle('Inbox – Hirebox', 3)).toBe('(3) Inbox – Hirebox');
    expect(windowTitle('Inbox – Hirebox', 0)).toBe('Inbox – Hirebox');
    expect(windowTitle('Inbox – Hirebox', null)).toBe('Inbox – Hirebox');
  });
});
