import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ipcCallChannel } from '../../shared/bridge.js';
import { channelNames } from '../../shared/contract.js';
import { ipcChannels } from '../../shared/wire.js';
import { appContentSecurityPolicy } from '../../electron/main/app-protocol.js';
import { mailFrameDocument, mailFramePolicy } from '../../shared/mail-frame.js';
import { weakProtectionNoticeFile } from '../../electron/main/safe-storage-secret-box.js';
import { AppError } from '../../electron/core/errors.js';
import { createDesktopShell, describeStartupFailure, engineStoppedNotice, startupFailureTitle } from '../../electron/main/shell.js';
import { acmeSetup } from '../support/engine.js';
import { desktopEngineWorker, frameAt, StandInElectron } from './stand-in-electron.js';
import { standInShells } from './stand-in-shells.js';

const appFrame = frameAt('app://hirebox/index.html');
const { folder, rendererFolder, startShell, track } = standInShells();

describe('desktop shell: window and protocol', () => {
  it('creates one window with context isolation and the sandbox on, Node integration off', async () => {
    const { electron, started } = await startShell();
    expect(started).toBe(true);
    expect(electron.windows).toHaveLength(1);
    const preferences = electron.windows[0]!.options.webPreferences;
    expect(preferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(electron.sandboxEnabled).toBe(true);
    expect(electron.windows[0]!.loaded).toEqual(['app://hirebox/index.html']);
  });

  it('registers app: as a privileged scheme before the app is ready, and serves it only after', async () => {
    const { electron } = await startShell();
    expect(electron.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, allowServiceWorkers: false, bypassCSP: false } },
    ]);
    const order = electron.calls;
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('ready'));
    expect(order.indexOf('ready')).toBeLessThan(order.indexOf('protocol.handle app'));
    expect(order.indexOf('protocol.handle app')).toBeLessThan(order.indexOf('new BrowserWindow'));
  });

  it('serves the renderer with a strict policy on every answer, and nothing outside its folder', async () => {
    const { electron } = await startShell();
    const serve = electron.protocolHandlers.get('app')!;
    const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

    const page = await get('app://hirebox/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Hirebox</title>');
    expect((await get('app://hirebox/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    for (const response of [page, await get('app://hirebox/missing.js'), await get('app://hirebox/..%2f..%2fetc%2fpasswd'), await get('app://evil/index.html')]) {
      expect(response.headers.get('content-security-policy')).toBe(appContentSecurityPolicy);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await get('app://hirebox/missing.js')).status).toBe(404);
    expect((await get('app://hirebox/..%2f..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    // The URL parser folds `%2e%2e` segments itself; what is left falls back to the app.
    expect(await (await get('app://hirebox/%2e%2e/%2e%2e/etc/passwd')).text()).toContain('<title>Hirebox</title>');
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://hirebox/index.html', 'POST')).status).toBe(405);

    const policy = Object.fromEntries(appContentSecurityPolicy.split('; ').map((directive) => [directive.split(' ')[0], directive.slice(directive.indexOf(' ') + 1)]));
    expect(policy).toMatchObject({ 'default-src': "'none'", 'script-src': "'self'", 'style-src': "'self'", 'img-src': "'self' data:", 'connect-src': "'self'", 'object-src': "'none'", 'frame-ancestors': "'none'" });
    expect(appContentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    // The app may frame its own origin, and only the mail frame lets itself be framed.
    expect(policy['frame-src']).toBe("'self'");
  });

  it('serves the mail frame documents under their own policy: images only in the images variant, framed only by the app', async () => {
    const { electron } = await startShell();
    const serve = electron.protocolHandlers.get('app')!;
    for (const [url, images] of [['app://hirebox/mail-frame.html', false], ['app://hirebox/mail-frame-images.html', true]] as const) {
      const frame = await serve(new Request(url));
      expect(frame.status).toBe(200);
      expect(frame.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await frame.text()).toBe(mailFrameDocument);
      const policy = frame.headers.get('content-security-policy')!;
      expect(policy).toBe(mailFramePolicy(images));
      expect(policy.split('; ')).toEqual([
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        images ? 'img-src data: https:' : 'img-src data:',
        "font-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
        'sandbox allow-same-origin',
      ]);
      expect(frame.headers.get('x-content-type-options')).toBe('nosniff');
      expect(frame.headers.get('referrer-policy')).toBe('no-referrer');
    }
    // Any other name stays the app's, under the app's policy.
    expect((await serve(new Request('app://hirebox/mail-frame.htm'))).headers.get('content-security-policy')).toBe(appContentSecurityPolicy);
    expect((await serve(new Request('app://hirebox/mail-frame.html', { method: 'POST' }))).status).toBe(405);
  });
});

describe('desktop shell: navigation, windows, permissions, links', () => {
  it('prevents every navigation, and opens only https: and mailto: targets in the system', async () => {
    const { electron } = await startShell();
    const contents = electron.windows[0]!.webContents;
    for (const url of ['https://evil.example/', 'app://hirebox/other.html', 'file:///etc/passwd', 'http://example.com/', 'mailto:ada@example.com']) {
      contents.userInput('mouseUp');
      expect(contents.emitPreventable('will-navigate', url)).toBe(true);
    }
    expect(electron.openedExternally).toEqual(['https://evil.example/', 'mailto:ada@example.com']);
  });

  it('opens a link only right after a click or key press, one link per gesture', async () => {
    const { electron } = await startShell();
    const contents = electron.windows[0]!.webContents;
    const open = contents.windowOpenHandler!;
    // A page opening links by itself, without the person: nothing opens.
    expect(open({ url: 'https://example.com/a' })).toEqual({ action: 'deny' });
    expect(contents.emitPreventable('will-navigate', 'https://example.com/b')).toBe(true);
    contents.userInput('mouseMove');
    open({ url: 'https://example.com/c' });
    expect(electron.openedExternally).toEqual([]);
    // A click opens one link; a second link on the same click does not open.
    contents.userInput('mouseUp');
    open({ url: 'https://example.com/d' });
    open({ url: 'https://example.com/e' });
    contents.userInput('keyDown');
    expect(contents.emitPreventable('will-navigate', 'mailto:ada@example.com')).toBe(true);
    expect(electron.openedExternally).toEqual(['https://example.com/d', 'mailto:ada@example.com']);
  });

  it('lets a gesture open a link for 5 seconds only', async () => {
    const { StandInWebContents } = await import('./stand-in-electron.js');
    const { guardWebContents, gestureLifetimeMs } = await import('../../electron/main/web-contents-guard.js');
    const { silentLogger } = await import('../../electron/core/log/file-logger.js');
    let clock = 1_000_000;
    const opened: string[] = [];
    const contents = new StandInWebContents();
    guardWebContents(contents, { openExternal: (url) => { opened.push(url); return Promise.resolve(); } }, silentLogger, () => clock);
    contents.userInput('mouseDown');
    clock += gestureLifetimeMs + 1;
    contents.windowOpenHandler!({ url: 'https://example.com/late' });
    contents.userInput('mouseDown');
    clock += gestureLifetimeMs - 1;
    contents.windowOpenHandler!({ url: 'https://example.com/in-time' });
    expect(opened).toEqual(['https://example.com/in-time']);
  });

  it('lets no frame load anything but the mail frame documents, and the main frame nothing', async () => {
    const { electron } = await startShell();
    const contents = electron.windows[0]!.webContents;
    contents.userInput('mouseUp');
    for (const url of ['https://evil.example/', 'app://hirebox/index.html', 'app://hirebox/mail-frame.html']) expect(contents.emitFrameNavigation(url, true), url).toBe(true);
    expect(contents.emitFrameNavigation('app://hirebox/mail-frame.html', false)).toBe(false);
    expect(contents.emitFrameNavigation('app://hirebox/mail-frame-images.html', false)).toBe(false);
    // A link clicked in a mail would load in its frame: refused, and not opened either (the mail frame has no gesture of its own to spend).
    for (const url of ['https://evil.example/phish', 'app://hirebox/index.html', 'app://hirebox/mail-frame.html?x', 'app://evil/mail-frame.html', 'javascript:alert(1)', 'about:blank', 'data:text/html,hi', 'file:///etc/passwd']) {
      expect(contents.emitFrameNavigation(url, false), url).toBe(true);
    }
    expect(electron.openedExternally).toEqual([]);
  });

  it('denies every new window, opening allowed links externally and nothing else', async () => {
    const { electron } = await startShell();
    const open = electron.windows[0]!.webContents.windowOpenHandler!;
    const refused = [
      'http://example.com/',
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'file:///etc/passwd',
      'app://hirebox/index.html',
      'ftp://example.com/',
      'data:text/html,<script>alert(1)</script>',
      'https://bank.example@evil.example/',
      'not a url',
      '',
      'vbscript:msgbox',
      'ms-msdt:/id',
    ];
    const allowed = ['https://example.com/jobs?id=1', 'mailto:ada@example.com?subject=Hi', ' https://example.com/padded'];
    for (const url of [...refused, ...allowed]) {
      electron.windows[0]!.webContents.userInput('mouseUp');
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.openedExternally).toEqual(['https://example.com/jobs?id=1', 'mailto:ada@example.com?subject=Hi', 'https://example.com/padded']);
  });

  it('refuses to attach a <webview>', async () => {
    const { electron } = await startShell();
    expect(electron.windows[0]!.webContents.emitPreventable('will-attach-webview')).toBe(true);
  });

  it('locks down any other webContents Electron creates too', async () => {
    const { electron } = await startShell();
    const { StandInWebContents } = await import('./stand-in-electron.js');
    const devtools = new StandInWebContents();
    electron.emitApp('web-contents-created', {}, devtools);
    expect(devtools.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(devtools.emitFrameNavigation('https://evil.example/', false)).toBe(true);
    expect(devtools.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and check', async () => {
    const { electron } = await startShell();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | null = null;
      electron.permissionRequestHandler!({}, permission, (answer) => (granted = answer));
      expect(granted).toBe(false);
      expect(electron.permissionCheckHandler!({}, permission)).toBe(false);
    }
  });
});

describe('desktop shell: the packaged app', () => {
  it('has no developer tools: none in the window, no menu on Linux and Windows', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { electron } = await startShell({ isPackaged: true, platform });
      expect(electron.windows[0]!.options.webPreferences.devTools).toBe(false);
      expect(electron.applicationMenus).toEqual([null]);
      await electron.quitApp();
    }
  });

  it('keeps only the app, edit and window menus on macOS (Quit, Copy and Paste), none with developer tools or reload', async () => {
    const { electron } = await startShell({ isPackaged: true, platform: 'darwin' });
    expect(electron.applicationMenus).toEqual([[{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]]);
    expect(JSON.stringify(electron.applicationMenus)).not.toMatch(/viewMenu|toggleDevTools|reload/i);
  });

  it('keeps Electron\'s default menu and the developer tools in development', async () => {
    const { electron } = await startShell();
    expect(electron.windows[0]!.options.webPreferences.devTools).toBe(true);
    expect(electron.applicationMenus).toEqual([]);
  });
});

describe('desktop shell: contract over IPC', () => {
  it('registers one handler per contract channel, the upload, the save, and nothing else', async () => {
    const { electron } = await startShell();
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...channelNames.map(ipcCallChannel), ipcChannels.upload, ipcChannels.saveBlob].sort());
  });

  it('saves an offered attachment where the user chooses in the save dialog, for the app window only', async () => {
    const { electron, shell } = await startShell();
    const saveTo = folder();
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, 'no-such-blob')).toMatchObject({ ok: false, error: { code: 'setup-required' } });
    expect(await electron.invoke(ipcCallChannel('setup:create'), appFrame, acmeSetup)).toMatchObject({ ok: true });
    const pdf = Buffer.from('%PDF-1.4 Lebenslauf von Anna');
    const { blobId } = (await shell.engine()!.offerBlob(pdf, { fileName: 'Lebenslauf Anna.pdf', mimeType: 'application/pdf' }))!;

    // Another frame gets nothing, and no dialog opens for it.
    expect(await electron.invoke(ipcChannels.saveBlob, frameAt('https://evil.example/'), blobId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await electron.invoke(ipcChannels.saveBlob, frameAt('app://hirebox/mail-frame.html', { url: 'app://hirebox/index.html', parent: null }), blobId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'blobId' } });
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, '00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(electron.saveDialogs).toEqual([]);

    // Closing the dialog saves nothing and is no error.
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, blobId)).toEqual({ ok: true, value: { saved: false } });
    expect(electron.saveDialogs).toHaveLength(1);
    expect(electron.saveDialogs[0]!.window).toBe(electron.windows[0]);
    expect(electron.saveDialogs[0]!.options.defaultPath).toBe('Lebenslauf Anna.pdf');
    expect(fs.readdirSync(saveTo)).toEqual([]);

    // The chosen place gets the blob's bytes.
    const target = path.join(saveTo, 'Anna Adler – Lebenslauf.pdf');
    electron.saveDialogAnswer = { canceled: false, filePath: target };
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, blobId)).toEqual({ ok: true, value: { saved: true } });
    expect(fs.readFileSync(target)).toEqual(pdf);

    // A place that cannot be written is said so, and may be chosen again.
    electron.saveDialogAnswer = { canceled: false, filePath: path.join(saveTo, 'missing-folder', 'a.pdf') };
    expect(await electron.invoke(ipcChannels.saveBlob, appFrame, blobId)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'saveTo', retryable: true } });
  });

  it('takes an upload only from the app window, after first run, within the size limit', async () => {
    const { electron, shell } = await startShell();
    const csv = new TextEncoder().encode('name,email\nAnna,anna@example.org\n');
    expect(await electron.invoke(ipcChannels.upload, frameAt('https://evil.example/'), csv, 'a.csv', 'text/csv')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await electron.invoke(ipcChannels.upload, appFrame, csv, 'a.csv', 'text/csv')).toMatchObject({ ok: false, error: { code: 'setup-required' } });
    expect(await electron.invoke(ipcCallChannel('setup:create'), appFrame, acmeSetup)).toMatchObject({ ok: true });
    expect(await electron.invoke(ipcChannels.upload, appFrame, 'not bytes', 'a.csv', 'text/csv')).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'file' } });
    expect(await electron.invoke(ipcChannels.upload, appFrame, new Uint8Array(20 * 1024 * 1024 + 1), 'big.csv', 'text/csv')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const uploaded = await electron.invoke(ipcChannels.upload, appFrame, csv, 'Bewerber März.csv', 'text/csv');
    expect(uploaded).toMatchObject({ ok: true, value: { fileName: 'Bewerber März.csv', mimeType: 'text/csv', size: csv.byteLength } });
    const blobId = (uploaded as { value: { blobId: string } }).value.blobId;
    expect(await electron.invoke(ipcCallChannel('candidates:import'), appFrame, { blobId })).toMatchObject({ ok: true, value: { imported: 1 } });
    expect(await shell.engine()!.dispatch('app:info', {})).toMatchObject({ ok: true, value: { setupNeeded: false } });
  });

  it('answers a call from the app window through the engine', async () => {
    const { electron } = await startShell();
    expect(await electron.invoke(ipcCallChannel('app:info'), appFrame, {})).toMatchObject({ ok: true, value: { setupNeeded: true } });
    expect(await electron.invoke(ipcCallChannel('app:info'), appFrame)).toMatchObject({ ok: true });
  });

  it('refuses a call from any other frame before the engine sees it', async () => {
    const { electron, shell } = await startShell();
    const foreign = [
      frameAt('https://evil.example/index.html'),
      frameAt('http://hirebox/index.html'),
      frameAt('app://evil/index.html'),
      frameAt('app://hirebox.evil.example/index.html'),
      frameAt('file:///app/dist/renderer/index.html'),
      frameAt('about:srcdoc', { url: 'app://hirebox/index.html', parent: null }),
      frameAt('app://hirebox/index.html', { url: 'app://hirebox/index.html', parent: null }),
      frameAt('not a url'),
      { senderFrame: null },
    ];
    for (const event of foreign) {
      expect(await electron.invoke(ipcCallChannel('setup:create'), event, acmeSetup)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted from the Hirebox window only.', retryable: false },
      });
    }
    // Nothing reached the engine: first run is still open.
    expect(await shell.engine()!.dispatch('app:info', {})).toMatchObject({ ok: true, value: { setupNeeded: true } });
  });

  it('answers invalid input with invalid-input, naming the field', async () => {
    const { electron } = await startShell();
    const setup = ipcCallChannel('setup:create');
    expect(await electron.invoke(setup, appFrame, { ...acmeSetup, owner: { name: 'Olivia', email: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'owner.email', retryable: false },
    });
    expect(await electron.invoke(setup, appFrame, 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await electron.invoke(setup, appFrame, { ...acmeSetup, isAdmin: true })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'isAdmin' } });
  });

  it('asks the system whether it shows notifications, and makes none before mail arrives', async () => {
    const { electron } = await startShell();
    expect(await electron.invoke(ipcCallChannel('setup:create'), appFrame, acmeSetup)).toMatchObject({ ok: true });
    expect(await electron.invoke(ipcCallChannel('preferences:update'), appFrame, { newMailNotifications: 'my-jobs' })).toMatchObject({ ok: true, value: { newMailNotifications: 'my-jobs' } });
    // What a new mail shows and its click: new-mail-notifications.test.ts.
    expect(electron.notifications).toEqual([]);
  });

  it('forwards pushed events to the window until it closes', async () => {
    const { electron } = await startShell();
    const window = electron.windows[0]!;
    expect(await electron.invoke(ipcCallChannel('setup:create'), appFrame, acmeSetup)).toMatchObject({ ok: true });
    expect(await electron.invoke(ipcCallChannel('preferences:update'), appFrame, { language: 'de' })).toMatchObject({ ok: true });
    const pushed = window.webContents.sent.filter((message) => message.channel === ipcChannels.event).map((message) => message.args[0]);
    expect(pushed).toContainEqual({ name: 'preferences:changed', payload: expect.objectContaining({ language: 'de' }) });

    window.close();
    const before = window.webContents.sent.length;
    expect(await electron.invoke(ipcCallChannel('preferences:update'), appFrame, { language: 'en' })).toMatchObject({ ok: true });
    expect(window.webContents.sent).toHaveLength(before);
  });
});

describe('desktop shell: one instance, one data folder', () => {
  it('keeps the engine data in <userData>/engine, the headless layout', async () => {
    const { userData } = await startShell();
    const engineFolder = path.join(userData, 'engine');
    expect(fs.existsSync(path.join(engineFolder, 'hirebox.db'))).toBe(true);
    expect(fs.existsSync(path.join(engineFolder, 'engine.lock'))).toBe(true);
    // The engine thread writes the log, main's lines too.
    await expect.poll(() => fs.existsSync(path.join(engineFolder, 'logs', 'hirebox.log'))).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(engineFolder).mode & 0o777).toBe(0o700);
  });

  it('gives way to a running instance: quits without a window or an engine', async () => {
    const { electron, shell, started } = await startShell({ singleInstance: false });
    expect(started).toBe(false);
    expect(electron.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(shell.engine()).toBeNull();
  });

  it('focuses the first window when a second instance starts', async () => {
    const { electron } = await startShell();
    const window = electron.windows[0]!;
    window.minimized = true;
    electron.emitApp('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
  });

  it('shows the plain reason and quits when the data folder cannot be used', async () => {
    const userData = folder();
    fs.writeFileSync(path.join(userData, 'engine'), 'a file where the folder should be');
    const { electron, started } = await startShell({ userData });
    expect(started).toBe(false);
    expect(electron.errorBoxes).toEqual([{ title: startupFailureTitle, content: expect.stringMatching(/^Hirebox cannot write to its data folder .*engine \(EEXIST\)/) }]);
    expect(electron.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
  });

  it('shows the plain reason and quits when another Hirebox uses the data folder', async () => {
    const userData = folder();
    fs.mkdirSync(path.join(userData, 'engine'), { mode: 0o700 });
    // A live process other than this one holds the lock (as `hirebox serve` would).
    fs.writeFileSync(path.join(userData, 'engine', 'engine.lock'), String(process.ppid));
    const { electron, started } = await startShell({ userData });
    expect(started).toBe(false);
    expect(electron.errorBoxes[0]?.content).toMatch(new RegExp(`^Hirebox is already running on the data folder .* \\(process ${process.ppid}\\)`));
    expect(electron.quitCalls).toBe(1);
    expect(fs.readFileSync(path.join(userData, 'engine', 'engine.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('words a database module built for the wrong runtime as what to do', () => {
    const wrongAbi = new AppError(
      'storage-unavailable',
      "Hirebox cannot open its database at /x/hirebox.db (The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 145.)",
    );
    expect(describeStartupFailure(wrongAbi)).toMatch(/^Hirebox's database module was built for Node\.js, not for this Electron\. Start Hirebox with `npm start`/);
    expect(describeStartupFailure(new AppError('conflict', 'Hirebox is already running.'))).toBe('Hirebox is already running.');
    expect(describeStartupFailure(new Error('boom'))).toBe('Something went wrong while Hirebox was starting: boom');
  });

  it('closes the engine and releases the folder when the app quits', async () => {
    const { electron, shell, userData } = await startShell();
    let prevented = false;
    electron.emitApp('will-quit', { preventDefault: () => (prevented = true) });
    // The quit waits for the engine to stop its syncs and close, then goes on.
    expect(prevented).toBe(true);
    await expect.poll(() => fs.existsSync(path.join(userData, 'engine', 'engine.lock'))).toBe(false);
    await expect.poll(() => electron.quitCalls).toBe(1);
    expect(await shell.engine()!.dispatch('app:info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    electron.emitApp('window-all-closed');
    expect(electron.quitCalls).toBe(2);
  });
});

describe('desktop shell: crash dumps (issue 24)', () => {
  it('moves crash dumps into the data folder before the app is ready, and starts no crash reporter', async () => {
    const { electron, userData } = await startShell();
    expect(electron.paths.get('crashDumps')).toBe(path.join(userData, 'engine', 'crash-dumps'));
    expect(electron.calls.indexOf('setPath crashDumps')).toBeGreaterThanOrEqual(0);
    expect(electron.calls.indexOf('setPath crashDumps')).toBeLessThan(electron.calls.indexOf('ready'));
    // The shell is handed no crashReporter at all (ElectronLike has none): nothing collected for upload, nothing uploaded.
    expect(Object.keys(electron.electron)).not.toContain('crashReporter');
  });

  it("removes every crash dump with a deleted candidate, as any may hold her mail, and the report counts them", async () => {
    const { electron, shell } = await startShell();
    const dumps = electron.paths.get('crashDumps')!;
    fs.mkdirSync(path.join(dumps, 'completed'), { recursive: true });
    fs.mkdirSync(path.join(dumps, 'pending'), { recursive: true });
    fs.writeFileSync(path.join(dumps, 'completed', 'f3b1c2d4.dmp'), 'MDMP… Bewerbung von Anna Adler …');
    fs.writeFileSync(path.join(dumps, 'pending', '9a8b7c6d.dmp'), 'MDMP… anna.adler@example.org …');
    const call = (channel: Parameters<typeof ipcCallChannel>[0], input: unknown) => electron.invoke(ipcCallChannel(channel), appFrame, input) as Promise<{ ok: boolean; value?: unknown }>;
    expect((await call('setup:create', acmeSetup)).ok).toBe(true);
    const candidate = (await call('candidates:create', { name: 'Anna Adler', addresses: ['anna.adler@example.org'] })).value as { id: string };

    const deleted = await call('candidates:delete', { candidateId: candidate.id });
    expect(deleted).toMatchObject({ ok: true, value: { report: { counts: { crashDumps: 2 }, purgeComplete: true } } });
    expect(fs.readdirSync(path.join(dumps, 'completed'))).toEqual([]);
    expect(fs.readdirSync(path.join(dumps, 'pending'))).toEqual([]);
    expect(shell.engine()).not.toBeNull();
  });
});

describe('desktop shell: the engine in its own thread', () => {
  // A stand-in engine thread (same protocol, no engine) that a test can hold or crash.
  const standInWorker = fileURLToPath(new URL('./stand-in-engine-worker.mjs', import.meta.url));

  it('runs the real engine on another thread than the window\'s', async () => {
    const { shell } = await startShell();
    expect(shell.engine()!.threadId).not.toBe(threadId);
    expect(shell.engine()!.threadId).toBeGreaterThan(0);
  });

  it('keeps answering the window while the engine thread is held busy', async () => {
    const { electron } = await startShell({ engineWorker: standInWorker });
    const hold = new SharedArrayBuffer(4);
    let heldAnswered = false;
    const held = electron.invoke(ipcCallChannel('app:info'), appFrame, { hold }).then((answer) => {
      heldAnswered = true;
      return answer;
    });
    // The engine's thread is blocked now; the main thread still serves the app, refuses a
    // foreign frame, and takes a second call, which waits its turn in the engine.
    const page = await electron.protocolHandlers.get('app')!(new Request('app://hirebox/index.html'));
    expect(await page.text()).toContain('<title>Hirebox</title>');
    expect(await electron.invoke(ipcCallChannel('app:info'), frameAt('https://evil.example/'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const queued = electron.invoke(ipcCallChannel('app:info'), appFrame, {});
    expect(heldAnswered).toBe(false);
    Atomics.store(new Int32Array(hold), 0, 1);
    Atomics.notify(new Int32Array(hold), 0);
    expect(await held).toMatchObject({ ok: true, value: { thread: 'stand-in' } });
    expect(await queued).toMatchObject({ ok: true });
  });

  it('passes what the engine thread pushes to the window, and new mail to a system notification', async () => {
    const { electron } = await startShell({ engineWorker: standInWorker });
    const changed = { name: 'inbox:changed', payload: { threadIds: ['t1'] } };
    const arrived = { name: 'mail:arrived', payload: { threadId: 't1', sender: 'Anna Apfel', subject: 'My portfolio' } };
    await electron.invoke(ipcCallChannel('app:info'), appFrame, { push: changed });
    await electron.invoke(ipcCallChannel('app:info'), appFrame, { push: arrived });
    const pushed = electron.windows[0]!.webContents.sent.filter((message) => message.channel === ipcChannels.event).map((message) => message.args[0]);
    expect(pushed).toEqual([changed, arrived]);
    expect(electron.notifications.map((notification) => notification.options)).toEqual([{ title: 'Anna Apfel', body: 'My portfolio', silent: false }]);
  });

  it('says plainly when the engine thread dies, answers calls with an error, and restarts on request', async () => {
    const { electron, userData } = await startShell({ engineWorker: standInWorker });
    void electron.invoke(ipcCallChannel('app:info'), appFrame, { crash: 'the database module crashed' });
    await expect.poll(() => electron.messageBoxes.length).toBe(1);
    expect(electron.messageBoxes[0]).toMatchObject({ type: 'error', message: engineStoppedNotice.message, buttons: ['Restart Hirebox', 'Quit'] });
    expect(electron.messageBoxes[0]!.detail).toContain('the database module crashed');
    expect(await electron.invoke(ipcCallChannel('app:info'), appFrame, {})).toEqual({ ok: false, error: { code: 'internal', message: 'The Hirebox engine has stopped.', retryable: true } });
    expect(fs.readFileSync(path.join(userData, 'engine', 'logs', 'hirebox.log'), 'utf8')).toContain('the engine thread stopped');
    // "Restart Hirebox" (the stand-in's answer: the first button).
    await expect.poll(() => electron.relaunchCalls).toBe(1);
    expect(electron.quitCalls).toBe(1);
  });

  it('closes an engine thread that was still starting when the app began to quit, and opens no window', async () => {
    const userData = folder();
    const electron = track(new StandInElectron({ userData }));
    const shell = createDesktopShell(electron.electron, { rendererFolder: rendererFolder(), preloadFile: '/app/dist/electron/preload.cjs', engineWorker: desktopEngineWorker, version: '0.0.0-test', platform: 'linux' });
    electron.markReady();
    // The quit comes while the engine thread loads.
    electron.emitApp('will-quit', { preventDefault: () => {} });
    expect(await shell.started).toBe(false);
    expect(electron.windows).toHaveLength(0);
    await expect.poll(() => electron.quitCalls).toBe(1);
    expect(fs.existsSync(path.join(userData, 'engine', 'engine.lock'))).toBe(false);
  });

  it('quits without asking when the user chose Quit after a crash', async () => {
    const { electron } = await startShell({ engineWorker: standInWorker });
    electron.messageBoxAnswer = 1;
    void electron.invoke(ipcCallChannel('app:info'), appFrame, { crash: 'boom' });
    await expect.poll(() => electron.quitCalls).toBe(1);
    expect(electron.relaunchCalls).toBe(0);
  });
});

describe('desktop shell: secrets', () => {
  it('seals in the main thread\'s safeStorage for the engine thread, and says when it cannot', async () => {
    const { electron } = await startShell();
    expect(await electron.invoke(ipcCallChannel('setup:create'), appFrame, acmeSetup)).toMatchObject({ ok: true });
    const connect = {
      address: 'olivia@acme.example',
      userName: 'olivia',
      password: 'imap password',
      imap: { host: '127.0.0.1', port: 1, security: 'none' },
      smtp: { host: '127.0.0.1', port: 1, security: 'none' },
    };
    // The engine thread sealed the password through the main thread, then tried the server (none there).
    expect(await electron.invoke(ipcCallChannel('mailboxes:connect'), appFrame, connect)).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(electron.sealed).toEqual([JSON.stringify({ kind: 'password', password: 'imap password' })]);
    // No keychain at hand: the main thread's refusal reaches the window as it was worded.
    electron.encryptionAvailable = false;
    expect(await electron.invoke(ipcCallChannel('mailboxes:connect'), appFrame, connect)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'storage-unavailable', message: expect.stringMatching(/^This computer offers Hirebox no way to encrypt passwords/), retryable: true }),
    });
  });

  it('tells the user once, plainly, when Linux has no keyring (basic_text)', async () => {
    const userData = folder();
    const first = await startShell({ userData, storageBackend: 'basic_text' });
    expect(first.electron.messageBoxes).toHaveLength(1);
    const notice = first.electron.messageBoxes[0]!;
    expect(notice.message).toBe('Saved passwords are only obfuscated on this computer, not encrypted.');
    expect(notice.detail).toMatch(/GNOME Keyring \(package "gnome-keyring"\) or KDE Wallet/);
    expect(fs.existsSync(path.join(userData, 'engine', weakProtectionNoticeFile))).toBe(true);
    // Main's log lines are written by the engine thread.
    await expect.poll(() => fs.readFileSync(path.join(userData, 'engine', 'logs', 'hirebox.log'), 'utf8')).toContain('saved passwords are only obfuscated');

    await first.electron.quitApp();
    const second = await startShell({ userData, storageBackend: 'basic_text' });
    expect(second.started).toBe(true);
    expect(second.electron.messageBoxes).toHaveLength(0);
  });

  it('says nothing where a keyring holds the key', async () => {
    for (const storageBackend of ['gnome_libsecret', 'kwallet6']) {
      const { electron } = await startShell({ storageBackend });
      expect(electron.messageBoxes).toHaveLength(0);
      await electron.quitApp();
    }
  });
});
