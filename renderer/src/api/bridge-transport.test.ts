import { describe, expect, it } from 'vitest';
import type { HireboxBridge } from '../../../shared/bridge.js';
import type { PushedEvent } from '../../../shared/events.js';
import { BridgeTransport } from './bridge-transport.js';

function bridge(invoke: HireboxBridge['invoke']): { bridge: HireboxBridge; emit: (event: PushedEvent) => void } {
  const listeners = new Set<(event: PushedEvent) => void>();
  return {
    bridge: {
      invoke,
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    emit: (event) => listeners.forEach((listener) => listener(event)),
  };
}

describe('BridgeTransport', () => {
  it('passes results through', async () => {
    const transport = new BridgeTransport(bridge(async () => ({ ok: true, value: 42 })).bridge);
    expect(await transport.invoke('app:info', {})).toEqual({ ok: true, value: 42 });
    expect(transport.state).toEqual({ kind: 'ready' });
  });

  it('turns a rejected invoke into a retryable network error instead of throwing', async () => {
    const transport = new BridgeTransport(
      bridge(async () => {
        throw new Error('IPC broke');
      }).bridge,
      () => {},
    );
    expect(await transport.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'network', retryable: true } });
  });

  it('turns an answer that is not a Result into an internal error', async () => {
    const transport = new BridgeTransport(bridge(async () => 'nonsense' as never).bridge);
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
