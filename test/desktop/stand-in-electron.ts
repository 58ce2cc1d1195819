import { fileURLToPath } from 'node:url';
import type {
  BrowserWindowLike,
  FrameNavigationEventLike,
  InputEventLike,
  MenuTemplateItemLike,
  ElectronLike,
  InvokeEventLike,
  MessageBoxOptionsLike,
  NavigationEventLike,
  NotificationLike,
  NotificationOptionsLike,
  PreventableEventLike,
  PrivilegedScheme,
  SafeStorageLike,
  SaveDialogOptionsLike,
  WebContentsLike,
  WindowOptions,
} from '../../electron/main/electron-like.js';

type Listener = (...args: never[]) => unknown;

/** The desktop's bundled engine thread, as `npm run build` makes it (the tests' global setup builds it). */
export const desktopEngineWorker = fileURLToPath(new URL('../../dist/electron/engine-worker.cjs', import.meta.url));

/** A stand-in webContents that records what the shell registered and what it sent. */
export class StandInWebContents implements WebContentsLike {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;

  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): this;
  on(event: 'will-frame-navigate', listener: (event: FrameNavigationEventLike) => void): this;
  on(event: 'input-event', listener: (event: unknown, input: InputEventLike) => void): this;
  on(event: 'will-attach-webview', listener: (event: PreventableEventLike) => void): this;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Fires `will-navigate` (or another preventable event); returns whether it was prevented. */
  emitPreventable(event: 'will-navigate' | 'will-attach-webview', url = ''): boolean {
    let prevented = false;
    const details = { url, preventDefault: () => (prevented = true) };
    for (const listener of this.listeners.get(event) ?? []) (listener as (event: NavigationEventLike) => void)(details);
    return prevented;
  }

  /** Fires `will-frame-navigate` for the main frame or a subframe; returns whether it was prevented. */
  emitFrameNavigation(url: string, isMainFrame: boolean): boolean {
    let prevented = false;
    const details = { url, isMainFrame, preventDefault: () => (prevented = true) };
    for (const listener of this.listeners.get('will-frame-navigate') ?? []) (listener as (event: typeof details) => void)(details);
    return prevented;
  }

  /** The person clicks or presses a key in the page, as Electron reports it (`input-event`). */
  userInput(type = 'mouseUp'): void {
    for (const listener of this.listeners.get('input-event') ?? []) (listener as (event: unknown, input: { type: string }) => void)({}, { type });
  }
}

/** A stand-in system notification: what it was given, whether it was shown, and its click. */
export class StandInNotification implements NotificationLike {
  readonly listeners = new Map<string, (() => void)[]>();
  shown = false;
  constructor(readonly options: NotificationOptionsLike) {}
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  show(): void {
    this.shown = true;
  }
  /** The user clicks it. */
  click(): void {
    for (const listener of this.listeners.get('click') ?? []) listener();
  }
}

/** A stand-in window; every instance is kept in `StandInElectron.windows`. */
export interface StandInWindow extends BrowserWindowLike {
  readonly options: WindowOptions;
  readonly webContents: StandInWebContents;
  readonly loaded: string[];
  focused: number;
  minimized: boolean;
  close(): void;
}

/** A stand-in frame at `url` (top frame unless a parent is given). */
export function frameAt(url: string, parent: { url: string; parent: null } | null = null): InvokeEventLike {
  return { senderFrame: { url, parent } };
}

export interface StandInOptions {
  userData: string;
  /** False: another instance holds the single-instance lock. */
  singleInstance?: boolean;
  /** `safeStorage.getSelectedStorageBackend()`; default `gnome_libsecret`. */
  storageBackend?: string;
  /** `app.isPackaged`; default false (development). */
  isPackaged?: boolean;
}

/**
 * A stand-in for the parts of `electron` the desktop shell uses, recording every call, so
 * the shell's wiring can be tested where no Electron binary can run.
 */
export class StandInElectron {
  readonly calls: string[] = [];
  readonly appListeners = new Map<string, Listener[]>();
  readonly privilegedSchemes: PrivilegedScheme[] = [];
  readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly ipcHandlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  readonly windows: StandInWindow[] = [];
  readonly openedExternally: string[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  readonly messageBoxes: MessageBoxOptionsLike[] = [];
  /** Every save dialog shown, with the window it belonged to. */
  readonly saveDialogs: { window: unknown; options: SaveDialogOptionsLike }[] = [];
  /** What the next save dialogs answer: the user's choice. Canceled until a test chooses. */
  saveDialogAnswer: { canceled: boolean; filePath?: string } = { canceled: true, filePath: '' };
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  quitCalls = 0;
  /** What `safeStorage.encryptString` was given (the stand-in keeps it for the test to see). */
  readonly sealed: string[] = [];
  /** How often `safeStorage.decryptString` was asked. */
  decrypted = 0;
  /** `safeStorage.isEncryptionAvailable()`. */
  encryptionAvailable = true;
  relaunchCalls = 0;
  /** The button the next message boxes answer (its index). */
  messageBoxAnswer = 0;
  sandboxEnabled = false;
  /** Every `app.setPath` call, by name. */
  readonly paths = new Map<string, string>();
  /** Every system notification the shell made. */
  readonly notifications: StandInNotification[] = [];
  /** `Notification.isSupported()`. */
  notificationsSupported = true;
  /** Every `Menu.setApplicationMenu` call: the template it was built from, or null for no menu. */
  readonly applicationMenus: (MenuTemplateItemLike[] | null)[] = [];
  readonly electron: ElectronLike;

  constructor(options: StandInOptions) {
    const self = this;
    const record = (name: string) => this.calls.push(name);
    let ready: () => void = () => {};
    const whenReady = new Promise<void>((resolve) => (ready = resolve));
    this.markReady = () => {
      record('ready');
      ready();
    };

    class BrowserWindow implements StandInWindow {
      readonly webContents = new StandInWebContents();
      readonly loaded: string[] = [];
      readonly listeners = new Map<string, (() => void)[]>();
      focused = 0;
      minimized = false;
      destroyed = false;
      constructor(readonly options: WindowOptions) {
        record('new BrowserWindow');
        self.windows.push(this);
        self.emitApp('web-contents-created', {}, this.webContents);
      }
      loadURL(url: string): Promise<void> {
        this.loaded.push(url);
        return Promise.resolve();
      }
      on(event: string, listener: () => void): this {
        this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
        return this;
      }
      once(event: string, listener: () => void): this {
        return this.on(event, listener);
      }
      show(): void {}
      focus(): void {
        this.focused += 1;
      }
      restore(): void {
        this.minimized = false;
      }
      isMinimized(): boolean {
        return this.minimized;
      }
      isDestroyed(): boolean {
        return this.destroyed;
      }
      close(): void {
        this.destroyed = true;
        this.webContents.destroyed = true;
        for (const listener of this.listeners.get('closed') ?? []) listener();
      }
    }

    const safeStorage: SafeStorageLike = {
      isEncryptionAvailable: () => this.encryptionAvailable,
      // Reversible, and visibly not the plain text: enough to see the box passes data through.
      encryptString: (plain) => {
        this.sealed.push(plain);
        return Buffer.from(`v11${Buffer.from(plain, 'utf8').reverse().toString('base64')}`);
      },
      decryptString: (encrypted) => {
        this.decrypted += 1;
        const text = encrypted.toString('utf8');
        if (!text.startsWith('v11')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return Buffer.from(text.slice(3), 'base64').reverse().toString('utf8');
      },
      getSelectedStorageBackend: () => options.storageBackend ?? 'gnome_libsecret',
    };

    this.electron = {
      app: {
        isPackaged: options.isPackaged ?? false,
        requestSingleInstanceLock: () => {
          record('requestSingleInstanceLock');
          return options.singleInstance ?? true;
        },
        enableSandbox: () => {
          record('enableSandbox');
          this.sandboxEnabled = true;
        },
        whenReady: () => whenReady,
        getPath: () => options.userData,
        setPath: (name, value) => {
          record(`setPath ${name}`);
          this.paths.set(name, value);
        },
        on: (event: string, listener: Listener) => {
          this.appListeners.set(event, [...(this.appListeners.get(event) ?? []), listener]);
          return this.electron.app;
        },
        quit: () => {
          record('quit');
          this.quitCalls += 1;
        },
        relaunch: () => {
          record('relaunch');
          this.relaunchCalls += 1;
        },
      },
      BrowserWindow,
      ipcMain: {
        handle: (channel, listener) => {
          if (this.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
          this.ipcHandlers.set(channel, listener);
        },
        removeHandler: (channel) => void this.ipcHandlers.delete(channel),
      },
      protocol: {
        registerSchemesAsPrivileged: (schemes) => {
          record('registerSchemesAsPrivileged');
          this.privilegedSchemes.push(...schemes);
        },
        handle: (scheme, handler) => {
          record(`protocol.handle ${scheme}`);
          this.protocolHandlers.set(scheme, handler);
        },
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (handler) => void (this.permissionRequestHandler = handler),
          setPermissionCheckHandler: (handler) => void (this.permissionCheckHandler = handler),
        },
      },
      shell: {
        openExternal: (url) => {
          this.openedExternally.push(url);
          return Promise.resolve();
        },
      },
      dialog: {
        showErrorBox: (title, content) => void this.errorBoxes.push({ title, content }),
        showMessageBox: (options) => {
          this.messageBoxes.push(options);
          return Promise.resolve({ response: this.messageBoxAnswer });
        },
        showSaveDialog: (window, options) => {
          this.saveDialogs.push({ window, options });
          return Promise.resolve(this.saveDialogAnswer);
        },
      },
      safeStorage,
      Menu: {
        buildFromTemplate: (template) => ({ template }),
        setApplicationMenu: (menu) => void this.applicationMenus.push(menu === null ? null : (menu as { template: MenuTemplateItemLike[] }).template),
      },
      Notification: class extends StandInNotification {
        static isSupported(): boolean {
          return self.notificationsSupported;
        }
        constructor(options: NotificationOptionsLike) {
          super(options);
          self.notifications.push(this);
        }
      },
    };
  }

  /** Resolves `app.whenReady()`. */
  readonly markReady: () => void;

  /** Quits as Electron does: `will-quit`, which the shell holds until the engine closed, then on. */
  async quitApp(): Promise<void> {
    let prevented = false;
    const before = this.quitCalls;
    this.emitApp('will-quit', { preventDefault: () => (prevented = true) });
    while (prevented && this.quitCalls === before) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  emitApp(event: string, ...args: unknown[]): void {
    for (const listener of this.appListeners.get(event) ?? []) (listener as (...args: unknown[]) => unknown)(...args);
  }

  /** Calls an IPC handler as Electron would for a renderer's `ipcRenderer.invoke`. */
  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.ipcHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}
