import type { HireboxBridge } from '../../../shared/bridge.js';
import type { ChannelName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';
import type { PushedEvent } from '../../../shared/events.js';
import type { ConnectionState, Transport } from './transport.js';
import { isResult, malformedResultError, networkError } from './transport.js';

/**
 * The desktop shell's preload bridge (`window.hirebox`): one function per contract
 * channel. IPC inside one process has no connection to lose, so the state is always
 * `ready`; a rejected call still resolves as a `network` error rather than throwing into
 * a component, and a channel the bridge does not offer resolves as `unknown-channel`.
 */
export class BridgeTransport implements Transport {
  readonly state: ConnectionState = { kind: 'ready' };

  constructor(
    private readonly bridge: HireboxBridge,
    private readonly warn: (message: string) => void = (message) => console.warn(`[hirebox client] ${message}`),
  ) {}

  async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    // `call` holds only the contract's channels; anything else never reaches the preload.
    if (!Object.hasOwn(this.bridge.call, channel)) {
      return { ok: false, error: { code: 'unknown-channel', message: `There is no channel ${JSON.stringify(channel)}.`, retryable: false } };
    }
    try {
      const send = this.bridge.call[channel as ChannelName] as (input: unknown) => Promise<unknown>;
      const result: unknown = await send(input);
      return isResult(result) ? result : malformedResultError();
    } catch (error) {
      this.warn(`invoke ${channel} failed: ${String(error)}`);
      return networkError('The desktop shell did not pass the call on.');
    }
  }

  onEvent(listener: (event: PushedEvent) => void): () => void {
    return this.bridge.onEvent((event) => {
      try {
        listener(event);
      } catch (error) {
        this.warn(`an event listener for ${event.name} failed: ${String(error)}`);
      }
    });
  }

  onStateChange(_listener: (state: ConnectionState) => void): () => void {
    return () => {};
  }

  close(): void {}
}
