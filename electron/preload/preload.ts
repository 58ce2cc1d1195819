import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HireboxBridge } from '../../shared/bridge.js';
import type { Result } from '../../shared/errors.js';
import type { PushedEvent } from '../../shared/events.js';
import { ipcChannels } from '../../shared/wire.js';

// The renderer gets exactly this bridge: a call by channel name and an event
// subscription. Never `ipcRenderer` itself.
const bridge: HireboxBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(ipcChannels.invoke, channel, input) as Promise<Result<unknown>>,
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, pushed: PushedEvent) => listener(pushed);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => ipcRenderer.removeListener(ipcChannels.event, forward);
  },
};

contextBridge.exposeInMainWorld('hirebox', bridge);
