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
}

export type EventName = keyof EventMap;

/** One pushed event; a union over the names, so checking `name` narrows `payload`. */
export type PushedEvent<E extends EventName = EventName> = { [K in E]: { name: K; payload: EventMap[K] } }[E];
