// `npm start`: the desktop app where the Electron binary exists; otherwise one line
// saying so, and the same app in the browser through the headless shell.
//
// The desktop app needs better-sqlite3 built for Electron's ABI. The build in node_modules
// is for Node (`hirebox serve`, the tests) and stays as it is: the Electron build goes to
// its own folder (see electron/main/native-binding.ts), made once per Electron ABI and
// better-sqlite3 version, and the desktop shell loads it through `nativeBinding`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Same path as `electronNativeBindingPath` in electron/main/native-binding.ts. */
export function electronNativeBindingPath(root, abi) {
  return path.join(root, 'node_modules', '.cache', 'hirebox-native', `electron-${abi}`, 'better_sqlite3.node');
}

/** The stamp beside a build: which better-sqlite3 and Electron it was made from. */
function stampPath(binding) {
  return path.join(path.dirname(binding), 'stamp.json');
}

/**
 * Decides what the Electron build of better-sqlite3 needs before the app starts:
 * - `none`: no Electron to run (the headless fallback needs none), or Electron would not
 *   say which ABI it has (a stand-in binary) — start as is;
 * - `ready`: a build for this ABI and this better-sqlite3 exists;
 * - `build`: make one.
 */
export function planNativeBuild({ root, electron, betterSqliteVersion, exists = fs.existsSync, readFile = (file) => fs.readFileSync(file, 'utf8') }) {
  if (electron === null) return { action: 'none', reason: 'no-electron' };
  if (electron.abi === null) return { action: 'none', reason: 'abi-unknown' };
  const binding = electronNativeBindingPath(root, electron.abi);
  if (exists(binding)) {
    try {
      const stamp = JSON.parse(readFile(stampPath(binding)));
      if (stamp.betterSqlite3 === betterSqliteVersion) return { action: 'ready', binding };
    } catch {
      // No readable stamp: build again.
    }
  }
  return { action: 'build', binding, electronVersion: electron.version, abi: electron.abi, betterSqliteVersion };
}

/**
 * The commands that build better-sqlite3 for Electron inside `workFolder` (a copy of the
 * package, so node_modules keeps its Node build): Electron's prebuilt binary for this
 * version first (prebuild-install, one download), else a compile against Electron's
 * headers (node-gyp).
 */
export function nativeBuildCommands({ workFolder, electronVersion, arch = process.arch }) {
  return [
    {
      command: process.execPath,
      args: [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', arch],
      cwd: workFolder,
    },
    {
      command: process.execPath,
      args: [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'],
      cwd: workFolder,
    },
  ];
}

/**
 * Runs a `build` plan: copies better-sqlite3 to a temp folder, tries each command until
 * one leaves `build/Release/better_sqlite3.node`, moves that to `plan.binding` with its
 * stamp. Returns true on success. `run(command, args, { cwd })` returns the exit status.
 */
export function buildNativeBinding(plan, { sourceFolder, run, log = (line) => console.log(line), tempRoot = os.tmpdir() }) {
  const workRoot = fs.mkdtempSync(path.join(tempRoot, 'hirebox-native-'));
  const workFolder = path.join(workRoot, 'better-sqlite3');
  try {
    // Without its `build/` (the Node build): the copy must not pass the old one off as new.
    fs.cpSync(sourceFolder, workFolder, { recursive: true, filter: (file) => file !== path.join(sourceFolder, 'build') });
    const built = path.join(workFolder, 'build', 'Release', 'better_sqlite3.node');
    for (const step of nativeBuildCommands({ workFolder, electronVersion: plan.electronVersion })) {
      if (run(step.command, step.args, { cwd: step.cwd }) === 0 && fs.existsSync(built)) {
        fs.mkdirSync(path.dirname(plan.binding), { recursive: true });
        fs.copyFileSync(built, plan.binding);
        fs.writeFileSync(stampPath(plan.binding), `${JSON.stringify({ betterSqlite3: plan.betterSqliteVersion, electron: plan.electronVersion, abi: plan.abi })}\n`);
        return true;
      }
    }
    log(`Could not build better-sqlite3 for Electron ${plan.electronVersion} (no prebuilt binary could be fetched and no compiler or Electron headers were available); the desktop app will say so when it starts.`);
    return false;
  } finally {
    fs.rmSync(workRoot, { recursive: true, force: true });
  }
}

/** The Electron binary's path, or null when it was never downloaded. */
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

/**
 * Asks the binary itself for its Node ABI and version (`ELECTRON_RUN_AS_NODE`): the ABI
 * that matters is the one of the binary that will load the module. Null fields when the
 * answer is not a version (a stand-in).
 */
export function describeElectron(binary) {
  const result = spawnSync(binary, ['-p', 'JSON.stringify({ abi: process.versions.modules, version: process.versions.electron })'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  try {
    const answer = JSON.parse(result.stdout.trim());
    if (/^\d+$/.test(answer.abi) && /^\d+\.\d+\.\d+/.test(answer.version)) return { abi: answer.abi, version: answer.version };
  } catch {
    // Not JSON: fall through.
  }
  return { abi: null, version: null };
}

function main() {
  let binary = electronBinary();
  if (binary === null && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    // npm 11 skips Electron's download script (allowScripts); fetch it now where a network allows.
    spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'ignore', timeout: 60_000 });
    binary = electronBinary();
  }

  if (binary !== null) {
    prepareNativeBinding(binary);
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
}

function prepareNativeBinding(binary) {
  const electron = describeElectron(binary);
  const betterSqliteVersion = JSON.parse(fs.readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
  const plan = planNativeBuild({ root: projectRoot, electron, betterSqliteVersion });
  if (plan.action === 'none' && plan.reason === 'abi-unknown') {
    console.error('Electron did not say which Node ABI it has; starting without a better-sqlite3 build for it.');
  }
  if (plan.action !== 'build') return;
  console.log(
    `Building better-sqlite3 ${betterSqliteVersion} for Electron ${plan.electronVersion} (ABI ${plan.abi}) into ${path.relative(projectRoot, path.dirname(plan.binding))}, once; the Node build in node_modules stays for hirebox serve and the tests.`,
  );
  buildNativeBinding(plan, {
    sourceFolder: path.dirname(require.resolve('better-sqlite3/package.json')),
    run: (command, args, options) => spawnSync(command, args, { ...options, stdio: 'ignore', timeout: 600_000 }).status,
  });
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
