import type { EventMap, EventName, PushedEvent } from '../../../shared/events.js';

/**
 * Who an event is for. Every connection checks the audience against its caller before
 * it forwards an event, so no event reaches a user who may not see its subject.
 */
export type Audience =
  /** Every member of the workspace. */
  | { kind: 'workspace' }
  /** One user only (their preferences, their outbox). */
  | { kind: 'user'; userId: string }
  /** Who may see the mailbox: its owner, or the users on a shared inbox's list (R13). */
  | { kind: 'mailbox'; mailboxId: string }
  /**
   * Who may see these threads (`visible(user, thread)`, PRODUCT.md "Who sees what"): an
   * event naming several threads (`inbox:changed`) reaches each caller with only the ones
   * they may see, and not at all when they may see none.
   */
  | { kind: 'threads'; threadIds: readonly string[] }
  /**
   * Who is told of new mail in this thread: those who may see it (as `threads`) and whose
   * `newMailNotifications` choice covers it (`shouldNotify`, domain/new-mail-notice.ts).
   */
  | { kind: 'new-mail'; threadId: string };

export type EventListener = (event: PushedEvent, audience: Audience) => void;

/**
 * In-process publish/subscribe between the engine's parts (services, sync, outbox) and the
 * transports. It sits on the lowest floor of the engine and knows nothing of who publishes,
 * so any part may publish without importing the API above it.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  publish<E extends EventName>(name: E, payload: EventMap[E], audience: Audience): void {
    const event = { name, payload } as PushedEvent;
    for (const listener of this.#listeners) listener(event, audience);
  }

  /** Returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
