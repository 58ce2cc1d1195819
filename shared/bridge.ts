import type { Result } from './errors.js';
import type { PushedEvent } from './events.js';

/**
 * What the desktop preload exposes on `window.hirebox`. The renderer's client module
 * uses it when present and the headless WebSocket otherwise.
 */
export interface HireboxBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribe to pushed events; returns the unsubscribe. */
  onEvent(listener: (event: PushedEvent) => void): () => void;
}
