/**
 * The parts of the `electron` module the desktop shell uses, as small structural types.
 * `main.ts` passes the real module (the compiler checks that it fits); the tests pass
 * stand-ins, since no Electron binary can run on the machines that test this shell.
 */

/** A frame of a page (`WebFrameMain`). */
export interface WebFrameLike {
  readonly url: string;
  /** Null for the top frame. */
  readonly parent: WebFrameLike | null;
}

/** What `ipcMain.handle` passes to a handler (`IpcMainInvokeEvent`). */
export interface InvokeEventLike {
  /** Null when the frame navigated away or was destroyed before the call arrived. */
  readonly senderFrame: WebFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** An event whose default a listener may prevent (navigation, attaching a webview). */
export interface PreventableEventLike {
  preventDefault(): void;
}

/** `will-navigate`'s details: the target, and whether the main frame navigates. */
export interface NavigationEventLike extends PreventableEventLike {
  readonly url: string;
}

/** `will-frame-navigate`'s details: any frame, the main one included. */
export interface FrameNavigationEventLike extends NavigationEventLike {
  readonly isMainFrame: boolean;
}

/** What `input-event` passes: a real input from the person (mouse, key, touch), never a page's synthetic event. */
export interface InputEventLike {
  readonly type: string;
}

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: FrameNavigationEventLike) => void): unknown;
  on(event: 'input-event', listener: (event: unknown, input: InputEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEventLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The options the shell gives `new BrowserWindow(...)`. */
export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    safeDialogs: true;
    spellcheck: boolean;
    /** False in the packaged app: no developer tools, by menu, shortcut or code. */
    devTools: boolean;
  };
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: 'closed' | 'focus', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export type BrowserWindowConstructorLike = new (options: WindowOptions) => BrowserWindowLike;

export interface AppLike {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  /** Only `crashDumps`, moved into the data folder before the app is ready (issue 24). */
  setPath(name: 'crashDumps', path: string): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEventLike) => void): unknown;
  quit(): void;
  /** Starts the app again once this instance has quit. */
  relaunch(): void;
}

/** A scheme registration for `protocol.registerSchemesAsPrivileged`. */
export interface PrivilegedScheme {
  scheme: string;
  privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean; allowServiceWorkers: boolean; bypassCSP: boolean };
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface MessageBoxOptionsLike {
  type: 'warning' | 'error';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
}

/** The options the shell gives `dialog.showSaveDialog`. */
export interface SaveDialogOptionsLike {
  /** A file name only: the system dialog starts in its usual folder. */
  defaultPath: string;
  /** The dialog's title; set for a file that can run code. */
  title?: string;
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface DialogLike {
  showErrorBox(title: string, content: string): void;
  /** `response`: the index of the button the user chose. */
  showMessageBox(options: MessageBoxOptionsLike): Promise<{ response: number }>;
  /**
   * Modal to `window` (the `BrowserWindow` the shell made; typed loosely because Electron's
   * own type is its whole `BaseWindow`); `filePath` is empty or missing when canceled.
   */
  showSaveDialog(window: unknown, options: SaveDialogOptionsLike): Promise<{ canceled: boolean; filePath?: string }>;
}

/** Electron's `safeStorage`; the backend query exists on Linux only. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}

/** What the shell gives `new Notification(...)`: the sender as title, the subject as body. */
export interface NotificationOptionsLike {
  title: string;
  body: string;
  silent: boolean;
}

/** One system notification (Electron's `Notification`). */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotificationConstructorLike {
  new (options: NotificationOptionsLike): NotificationLike;
  isSupported(): boolean;
}

/** One entry of a menu template: the shell uses roles only (their labels are the system's). */
export interface MenuTemplateItemLike {
  role: 'appMenu' | 'editMenu' | 'windowMenu';
}

/** Electron's `Menu` class: the application menu. */
export interface MenuLike {
  buildFromTemplate(template: MenuTemplateItemLike[]): unknown;
  setApplicationMenu(menu: unknown): void;
}

/** Everything the desktop shell takes from `electron`. */
export interface ElectronLike {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructorLike;
  ipcMain: IpcMainLike;
  protocol: ProtocolLike;
  session: { readonly defaultSession: SessionLike };
  shell: ShellLike;
  dialog: DialogLike;
  safeStorage: SafeStorageLike;
  Notification: NotificationConstructorLike;
  Menu: MenuLike;
}
