import type { Preferences, Workspace } from './model.js';
import type { MailboxStatusReport, OutboxState } from './status.js';

/**
 * Events the engine pushes to clients. Each connection receives only the events its
 * caller may see (the engine filters them through the visibility rule).
 */
export interface EventMap {
  'workspace:changed': Workspace;
  'preferences:changed': Preferences;
  'mailbox:status': { mailboxId: string } & MailboxStatusReport;
  'outbox:changed': { itemId: string; threadId: string | null; state: OutboxState };
  'inbox:changed': { threadIds: string[] };
  /**
   * New candidate mail arrived (live sync, not the first window or a backfill). Only to
   * users who may see the thread and asked to be told (`newMailNotifications`); carries
   * the sender's name and the subject, never a line of the body.
   */
  'mail:arrived': NewMailNotice;
  /**
   * The user clicked a system notification of new mail. Pushed by the desktop shell to its
   * window, never by the engine.
   */
  'notification:opened': { threadId: string };
}

/** What a notification of new candidate mail may show. */
export interface NewMailNotice {
  threadId: string;
  messageId: string;
  /** The sender's display name, else the linked candidate's name, else the address. */
  sender: string;
  /** One line, cut at 120 characters. */
  subject: string;
  receivedAt: string;
}

export type EventName = keyof EventMap;

/** One pushed event; a union over the names, so checking `name` narrows `payload`. */
export type PushedEvent<E extends EventName = EventName> = { [K in E]: { name: K; payload: EventMap[K] } }[E];
