import type { ChannelName, InputOf, OutputOf } from './contract.js';
import type { Result } from './errors.js';
import type { PushedEvent } from './events.js';
import type { BlobRef } from './model.js';
import { ipcChannels } from './wire.js';

/** One function per contract channel; each resolves with the result envelope. */
export type BridgeCalls = {
  readonly [C in ChannelName]: (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
};

/**
 * What the desktop preload exposes on `window.hirebox`, and nothing more: one function
 * per contract channel, the event subscription, the upload of a file (a CSV to
 * import) as a blob — what `POST /blob` is in the headless shell — and saving a blob
 * the engine offered (what `GET /blob/<id>` is there). The renderer's client module uses it
 * when present and the headless WebSocket otherwise.
 */
export interface HireboxBridge {
  readonly call: BridgeCalls;
  /** Subscribe to pushed events; returns the unsubscribe. */
  onEvent(listener: (event: PushedEvent) => void): () => void;
  /** Hands a file to the engine; answers its `BlobRef` for channels such as `candidates:import`. */
  upload(bytes: Uint8Array, fileName: string, mimeType: string): Promise<Result<BlobRef>>;
  /**
   * Saves a blob the engine offered (an attachment, by `attachments:open`) where the user
   * chooses in the system's save dialog — what the browser's download is in the headless
   * shell. `saved` is false when the user closed the dialog.
   */
  saveBlob(blobId: string): Promise<Result<{ saved: boolean }>>;
}

/**
 * The Electron IPC channel that carries one contract channel, e.g.
 * `hirebox:invoke:candidates:list`. The main process registers exactly one handler per
 * contract channel, so a name outside the contract has no handler at all.
 */
export function ipcCallChannel(channel: ChannelName): string {
  return `${ipcChannels.invoke}:${channel}`;
}
