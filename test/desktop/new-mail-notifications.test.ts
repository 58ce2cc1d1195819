import { describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../shared/events.js';
import { ipcChannels } from '../../shared/wire.js';
import { silentLogger } from '../../electron/core/log/file-logger.js';
import { showNewMailNotifications } from '../../electron/main/new-mail-notifications.js';
import type { NotificationOptionsLike } from '../../electron/main/electron-like.js';
import { StandInNotification, StandInWebContents } from './stand-in-electron.js';

// The desktop shell's system notifications of new mail, wired to stand-ins: no Electron
// binary runs on these machines (DESIGN.md "Testing for real here").

function standIns(supported = true) {
  const listeners: ((event: PushedEvent) => void)[] = [];
  const engine = {
    subscribe: (listener: (event: PushedEvent) => void) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  const notifications: StandInNotification[] = [];
  const Notification = class extends StandInNotification {
    static isSupported = () => supported;
    constructor(options: NotificationOptionsLike) {
      super(options);
      notifications.push(this);
    }
  };
  const windowListeners = new Map<string, () => void>();
  const window = {
    webContents: new StandInWebContents(),
    minimized: true,
    shown: 0,
    focused: 0,
    destroyed: false,
    loadURL: () => Promise.resolve(),
    on(event: 'closed' | 'focus', listener: () => void) {
      windowListeners.set(event, listener);
      return this;
    },
    once() {
      return this;
    },
    show() {
      this.shown += 1;
    },
    focus() {
      this.focused += 1;
    },
    restore() {
      this.minimized = false;
    },
    isMinimized() {
      return this.minimized;
    },
    isDestroyed() {
      return this.destroyed;
    },
  };
  const push = (event: PushedEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  return { engine, Notification, notifications, window, windowListeners, push, listeners };
}

const arrived: PushedEvent = {
  name: 'mail:arrived',
  payload: { threadId: 'thread-1', messageId: 'message-1', sender: 'Anna Apfel', subject: 'My portfolio', receivedAt: '2026-12-07T10:00:00.000Z' },
};

describe('desktop shell: notifications of new mail', () => {
  it('shows the sender and the subject of new mail as a system notification, nothing else', () => {
    const subject = standIns();
    showNewMailNotifications(subject.engine, subject.Notification, subject.window, silentLogger);
    subject.push({ name: 'inbox:changed', payload: { threadIds: ['thread-1'] } });
    expect(subject.notifications).toHaveLength(0);
    subject.push(arrived);
    expect(subject.notifications).toHaveLength(1);
    expect(subject.notifications[0]?.options).toEqual({ title: 'Anna Apfel', body: 'My portfolio', silent: false });
    expect(subject.notifications[0]?.shown).toBe(true);
  });

  it('brings the window forward on a click and tells it to open the conversation', () => {
    const subject = standIns();
    showNewMailNotifications(subject.engine, subject.Notification, subject.window, silentLogger);
    subject.push(arrived);
    subject.notifications[0]?.click();
    expect(subject.window.minimized).toBe(false);
    expect(subject.window.focused).toBe(1);
    expect(subject.window.webContents.sent).toEqual([{ channel: ipcChannels.event, args: [{ name: 'notification:opened', payload: { threadId: 'thread-1' } }] }]);
  });

  it('does nothing on a click once the window is gone, and stops when it closes', () => {
    const subject = standIns();
    showNewMailNotifications(subject.engine, subject.Notification, subject.window, silentLogger);
    subject.push(arrived);
    subject.window.destroyed = true;
    subject.notifications[0]?.click();
    expect(subject.window.webContents.sent).toEqual([]);
    subject.windowListeners.get('closed')?.();
    expect(subject.listeners).toHaveLength(0);
  });

  it('subscribes to nothing where the system has no notifications', () => {
    const subject = standIns(false);
    showNewMailNotifications(subject.engine, subject.Notification, subject.window, silentLogger);
    expect(subject.listeners).toHaveLength(0);
  });
});
