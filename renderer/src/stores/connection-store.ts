import { create } from 'zustand';
import type { ConnectionState } from '../api/client.js';
import { getConnectionState, onConnectionStateChange } from '../api/client.js';

interface ConnectionStore {
  state: ConnectionState;
}

/** The connection to the engine as the UI shows it (banner, expired-link screen). */
export const useConnectionStore = create<ConnectionStore>(() => ({ state: { kind: 'connecting' } }));

/**
 * Mirrors the client's connection state into the store. `onReconnected` runs when the
 * connection comes back after a drop, so stores can fetch what they may have missed.
 */
export function trackConnection(onReconnected: () => void): () => void {
  useConnectionStore.setState({ state: getConnectionState() });
  let wasDown = false;
  return onConnectionStateChange((state) => {
    useConnectionStore.setState({ state });
    if (state.kind === 'reconnecting') wasDown = true;
    if (state.kind === 'ready' && wasDown) {
      wasDown = false;
      onReconnected();
    }
  });
}
