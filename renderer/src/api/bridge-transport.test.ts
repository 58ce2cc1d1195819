import { describe, expect, it } from 'vitest';
import type { BridgeCalls, HireboxBridge } from '../../../shared/bridge.js';
import { channelNames } from '../../../shared/contract.js';
import type { PushedEvent } from '../../../shared/events.js';
import { BridgeTransport } from './bridge-transport.js';

type Send = (channel: string, input: unknown) => Promise<unknown>;

/** A bridge shaped like the preload's: one function per contract channel. */
function bridge(send: Send): { bridge: HireboxBridge; emit: (event: PushedEvent) => void } {
  const listeners = new Set<(event: PushedEvent) => void>();
  const call = Object.fromEntries(channelNames.map((channel) => [channel, (input: unknown) => send(channel, input)])) as unknown as BridgeCalls;
  return {
    bridge: {
      call,
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      upload: () => Promise.reject(new Error('not used here')),
      saveBlob: () => Promise.reject(new Error('not used here')),
    },
    emit: (event) => listeners.forEach((listener) => listener(event)),
  };
}

describe('BridgeTransport', () => {
  it('calls the bridge function of the channel and passes its result through', async () => {
    const calls: [string, unknown][] = [];
    const transport = new BridgeTransport(
      bridge(async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, value: 42 };
      }).bridge,
    );
    expect(await transport.invoke('candidates:list', { limit: 5 })).toEqual({ ok: true, value: 42 });
    expect(calls).toEqual([['candidates:list', { limit: 5 }]]);
    expect(transport.state).toEqual({ kind: 'ready' });
  });

  it('answers a channel outside the contract with unknown-channel without calling the bridge', async () => {
    const calls: string[] = [];
    const transport = new BridgeTransport(
      bridge(async (channel) => {
        calls.push(channel);
        return { ok: true, value: null };
      }).bridge,
    );
    for (const channel of ['nope:never', 'toString', '__proto__', 'constructor']) {
      expect(await transport.invoke(channel, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel', retryable: false } });
    }
    expect(calls).toEqual([]);
  });

  it('turns a rejected call into a retryable network error instead of throwing', async () => {
    const transport = new BridgeTransport(
      bridge(async () => {
        throw new Error('IPC broke');
      }).bridge,
      () => {},
    );
    expect(await transport.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'network', retryable: true } });
  });

  it('turns an answer that is not a Result into an internal error', async () => {
    const transport = new BridgeTransport(bridge(async () => 'nonsense').bridge);
    expect(await transport.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('relays events until unsubscribed, even past a throwing listener', () => {
    const fake = bridge(async () => ({ ok: true, value: null }));
    const transport = new BridgeTransport(fake.bridge, () => {});
    const seen: string[] = [];
    transport.onEvent(() => {
      throw new Error('broken');
    });
    const stop = transport.onEvent((event) => seen.push(event.name));
    fake.emit({ name: 'inbox:changed', payload: { threadIds: [] } });
    stop();
    fake.emit({ name: 'inbox:changed', payload: { threadIds: [] } });
    expect(seen).toEqual(['inbox:changed']);
  });
});
