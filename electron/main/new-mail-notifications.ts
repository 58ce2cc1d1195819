import type { PushedEvent } from '../../shared/events.js';
import { ipcChannels } from '../../shared/wire.js';
import type { EngineHandle } from '../core/thread/engine-handle.js';
import type { Logger } from '../core/log/logger.js';
import type { BrowserWindowLike, NotificationConstructorLike, NotificationLike } from './electron-like.js';

/** Notifications kept alive for their click (Electron drops the handler of a collected one). */
const maxKeptNotifications = 20;

/**
 * System notifications of new candidate mail in the desktop shell. The engine pushes
 * `mail:arrived` only when the installation owner may see the thread and asked to be told
 * (their `newMailNotifications` preference), so this only shows what it is given: the
 * sender as the title, the subject as the text — never a line of the mail. A click brings
 * the window forward and tells it to open the conversation (`notification:opened`).
 * Returns the unsubscribe.
 */
export function showNewMailNotifications(
  engine: Pick<EngineHandle, 'subscribe'>,
  Notification: NotificationConstructorLike,
  window: BrowserWindowLike,
  logger: Logger,
): () => void {
  if (!Notification.isSupported()) {
    logger.info('system notifications are not supported here: new mail is not notified');
    return () => {};
  }
  const kept = new Set<NotificationLike>();
  const unsubscribe = engine.subscribe((event: PushedEvent) => {
    if (event.name !== 'mail:arrived') return;
    const { threadId, sender, subject } = event.payload;
    const notification = new Notification({ title: sender, body: subject, silent: false });
    kept.add(notification);
    if (kept.size > maxKeptNotifications) kept.delete(kept.values().next().value as NotificationLike);
    notification.on('click', () => {
      kept.delete(notification);
      if (window.isDestroyed() || window.webContents.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      const opened: PushedEvent<'notification:opened'> = { name: 'notification:opened', payload: { threadId } };
      window.webContents.send(ipcChannels.event, opened);
    });
    notification.on('close', () => kept.delete(notification));
    notification.show();
  });
  window.on('closed', unsubscribe);
  return unsubscribe;
}
