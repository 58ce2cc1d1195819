import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcCallChannel, type BridgeCalls, type HireboxBridge } from '../../shared/bridge.js';
import { channelNames } from '../../shared/contract.js';
import type { PushedEvent } from '../../shared/events.js';
import { ipcChannels } from '../../shared/wire.js';

// The renderer gets exactly this bridge: one function per contract channel and the event
// subscription. Never `ipcRenderer` itself, nor a way to name an IPC channel: a call can
// only reach the handler main registered for that contract channel. (The build replaces
// `channelNames` with the plain list, so the contract's schemas stay out of this file.)
const call = Object.freeze(
  Object.fromEntries(channelNames.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(ipcCallChannel(channel), input)])),
) as unknown as BridgeCalls;

const bridge: HireboxBridge = {
  call,
  onEvent(listener) {
    // Only the event itself crosses: the IPC event would hand the page `sender`.
    const forward = (_event: IpcRendererEvent, pushed: PushedEvent) => listener(pushed);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward);
    };
  },
  upload: (bytes, fileName, mimeType) => ipcRenderer.invoke(ipcChannels.upload, bytes, fileName, mimeType),
  // The page names the blob only; main asks the user where to put it.
  saveBlob: (blobId) => ipcRenderer.invoke(ipcChannels.saveBlob, blobId),
};

contextBridge.exposeInMainWorld('hirebox', bridge);
