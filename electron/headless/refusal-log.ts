import type { Logger } from '../core/log/logger.js';

/**
 * Logs refused connections without letting a flood of them flood the log (issue 23): the
 * first refusal of a burst is logged at once; the ones after it are only counted, and when
 * no refusal came for `quietMs` the burst ends with one line giving how many more were
 * refused and why. So 1,000 hostile sockets cost two lines, not 1,000.
 */
export class RefusalLog {
  readonly #logger: Logger;
  readonly #quietMs: number;
  #inBurst = false;
  #more = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;

  constructor(logger: Logger, quietMs = 5_000) {
    this.#logger = logger;
    this.#quietMs = quietMs;
  }

  /** One refused connection, by a short reason (never the token or anything the client sent). */
  refused(reason: string, fields: Record<string, unknown> = {}): void {
    if (!this.#inBurst) {
      this.#inBurst = true;
      this.#logger.warn('connection refused', { reason, ...fields });
    } else {
      this.#more.set(reason, (this.#more.get(reason) ?? 0) + 1);
    }
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#endBurst(), this.#quietMs);
    this.#timer.unref();
  }

  /** Ends a burst now (the server closes), logging what is still counted. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#endBurst();
  }

  #endBurst(): void {
    this.#timer = null;
    this.#inBurst = false;
    if (this.#more.size === 0) return;
    const reasons = Object.fromEntries(this.#more);
    const count = [...this.#more.values()].reduce((sum, n) => sum + n, 0);
    this.#more = new Map();
    this.#logger.warn('more connections refused in the same burst', { count, reasons });
  }
}
