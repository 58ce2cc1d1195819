import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ipcCallChannel } from '../../shared/bridge.js';
import { channelNames } from '../../shared/contract.js';
import type { PushedEvent } from '../../shared/events.js';
import { ipcChannels } from '../../shared/wire.js';
import { projectRoot } from '../support/cli.js';

// The bundled preload (vitest's global setup builds it) run as Electron runs a sandboxed
// preload: a fresh context whose `require` knows only a few modules, with a stand-in
// `contextBridge` and `ipcRenderer` recording what it does.

const preloadFile = path.join(projectRoot, 'dist', 'electron', 'preload.cjs');
/** What a sandboxed preload may require (Electron's sandbox documentation). */
const sandboxModules = new Set(['electron', 'events', 'timers', 'url']);

type Listener = (event: unknown, ...args: unknown[]) => void;

interface LoadedPreload {
  exposed: Map<string, unknown>;
  required: string[];
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, Set<Listener>>;
  /** Sends an event from main, as `webContents.send` does. */
  push(channel: string, ...args: unknown[]): void;
}

function loadPreload(): LoadedPreload {
  const loaded: LoadedPreload = {
    exposed: new Map(),
    required: [],
    invoked: [],
    listeners: new Map(),
    push(channel, ...args) {
      for (const listener of loaded.listeners.get(channel) ?? []) listener({ sender: 'the IpcRenderer event, which must not reach the page' }, ...args);
    },
  };
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        loaded.exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        loaded.invoked.push({ channel, args });
        return Promise.resolve({ ok: true, value: { channel } });
      },
      on(channel: string, listener: Listener) {
        loaded.listeners.set(channel, (loaded.listeners.get(channel) ?? new Set()).add(listener));
      },
      removeListener(channel: string, listener: Listener) {
        loaded.listeners.get(channel)?.delete(listener);
      },
      send() {
        throw new Error('the preload must not use ipcRenderer.send');
      },
      sendSync() {
        throw new Error('the preload must not use ipcRenderer.sendSync');
      },
    },
  };
  const module = { exports: {} };
  const context = vm.createContext({
    module,
    exports: module.exports,
    require(name: string) {
      loaded.required.push(name);
      if (!sandboxModules.has(name)) throw new Error(`module not found: ${name} (a sandboxed preload cannot require it)`);
      if (name !== 'electron') return {};
      return electron;
    },
  });
  vm.runInContext(fs.readFileSync(preloadFile, 'utf8'), context, { filename: preloadFile });
  return loaded;
}

interface ExposedBridge {
  call: Record<string, (input: unknown) => Promise<unknown>>;
  onEvent(listener: (event: PushedEvent) => void): () => void;
  upload(bytes: Uint8Array, fileName: string, mimeType: string): Promise<unknown>;
  saveBlob(blobId: string): Promise<unknown>;
}

let preload: LoadedPreload;
let bridge: ExposedBridge;

beforeAll(() => {
  preload = loadPreload();
  bridge = preload.exposed.get('hirebox') as ExposedBridge;
});

describe('preload bundle', () => {
  it('is one file that requires only electron', () => {
    expect(preload.required).toEqual(['electron']);
    // No zod and no contract schemas: the build hands the preload only the channel names.
    expect(fs.statSync(preloadFile).size).toBeLessThan(10_000);
  });

  it('exposes window.hirebox and nothing else', () => {
    expect([...preload.exposed.keys()]).toEqual(['hirebox']);
  });

  it('exposes exactly one function per contract channel plus the event subscription, the upload and the save', () => {
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'saveBlob', 'upload']);
    expect(typeof bridge.onEvent).toBe('function');
    expect(Object.keys(bridge.call).sort()).toEqual([...channelNames].sort());
    for (const channel of channelNames) expect(typeof bridge.call[channel]).toBe('function');
    expect(Object.isFrozen(bridge.call)).toBe(true);
  });

  it('hands out no ipcRenderer and no generic send', () => {
    const values = [...Object.values(bridge), ...Object.values(bridge.call)];
    expect(values.some((value) => typeof value === 'object' && value !== null && 'invoke' in value)).toBe(false);
    for (const name of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'on', 'removeListener']) {
      expect(name in bridge).toBe(false);
    }
  });

  it('sends each call on its own channel with the input alone', async () => {
    expect(await bridge.call['candidates:list']!({ limit: 5 })).toEqual({ ok: true, value: { channel: ipcCallChannel('candidates:list') } });
    expect(preload.invoked.at(-1)).toEqual({ channel: 'hirebox:invoke:candidates:list', args: [{ limit: 5 }] });
    await bridge.call['app:info']!({});
    expect(preload.invoked.at(-1)).toEqual({ channel: 'hirebox:invoke:app:info', args: [{}] });
  });

  it('sends an upload on its own channel with the bytes, name and type alone', async () => {
    const bytes = new Uint8Array([110, 97, 109, 101]);
    await bridge.upload(bytes, 'bewerber.csv', 'text/csv');
    expect(preload.invoked.at(-1)).toEqual({ channel: ipcChannels.upload, args: [bytes, 'bewerber.csv', 'text/csv'] });
  });

  it('sends a save on its own channel with the blob id alone: the page never names a path', async () => {
    await bridge.saveBlob('3f1c2b9a-0000-4000-8000-000000000001');
    expect(preload.invoked.at(-1)).toEqual({ channel: ipcChannels.saveBlob, args: ['3f1c2b9a-0000-4000-8000-000000000001'] });
  });

  it('relays pushed events without the IPC event, until unsubscribed', () => {
    const seen: unknown[][] = [];
    const stop = bridge.onEvent((...args: unknown[]) => seen.push(args));
    const event: PushedEvent = { name: 'inbox:changed', payload: { threadIds: ['t1'] } };
    preload.push(ipcChannels.event, event);
    preload.push('some-other-channel', { name: 'inbox:changed', payload: { threadIds: ['t2'] } });
    stop();
    preload.push(ipcChannels.event, event);
    expect(seen).toEqual([[event]]);
    expect(preload.listeners.get(ipcChannels.event)?.size).toBe(0);
  });
});
