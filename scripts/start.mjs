// `npm start`: the desktop app where the Electron binary exists; otherwise one line
// saying so, and the same app in the browser through the headless shell.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The `electron` package exports the binary's path, and throws when it was never
    // downloaded. With ELECTRON_OVERRIDE_DIST_PATH it names a path without checking it.
    const binary = require('electron');
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

let binary = electronBinary();
if (binary === null && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  // npm 11 skips Electron's download script (allowScripts); fetch it now where a network allows.
  spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'ignore', timeout: 60_000 });
  binary = electronBinary();
}

if (binary !== null) {
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron is not available on this machine (its download failed); starting Hirebox in your browser instead (hirebox serve).');
  const child = spawn(process.execPath, ['bin/hirebox.js', 'serve', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(chunk.toString())?.[0];
    if (url) openBrowser(url);
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

function openBrowser(url) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    spawn(opener, [url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    // No browser to open: the printed address is enough.
  }
}
