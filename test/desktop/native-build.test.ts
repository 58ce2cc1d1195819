import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseNativeBinding, electronNativeBindingPath } from '../../electron/main/native-binding.js';
import { projectRoot } from '../support/cli.js';
import { makeTempFolder } from '../support/temp-folder.js';

// `npm start` builds better-sqlite3 for Electron's ABI where the binary exists. No Electron
// binary runs here, so the decision and the build steps are tested with stand-ins.

interface ElectronFacts {
  abi: string | null;
  version: string | null;
}
type Plan =
  | { action: 'none'; reason: 'no-electron' | 'abi-unknown' }
  | { action: 'ready'; binding: string }
  | { action: 'build'; binding: string; electronVersion: string; abi: string; betterSqliteVersion: string };
interface Step {
  command: string;
  args: string[];
  cwd: string;
}
interface StartScript {
  electronNativeBindingPath(root: string, abi: string): string;
  planNativeBuild(options: { root: string; electron: ElectronFacts | null; betterSqliteVersion: string; exists?: (file: string) => boolean; readFile?: (file: string) => string }): Plan;
  nativeBuildCommands(options: { workFolder: string; electronVersion: string; arch?: string }): Step[];
  buildNativeBinding(plan: Plan, options: { sourceFolder: string; run: (command: string, args: string[], options: { cwd: string }) => number | null; log?: (line: string) => void; tempRoot?: string }): boolean;
  describeElectron(binary: string): ElectronFacts;
}

let start: StartScript;
beforeAll(async () => {
  start = (await import(pathToFileURL(path.join(projectRoot, 'scripts', 'start.mjs')).href)) as StartScript;
});

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));
function folder(): string {
  const temp = makeTempFolder('hirebox-native-test-');
  temps.push(temp);
  return temp.folder;
}

const electron = { abi: '145', version: '41.7.1' };

describe('npm start: better-sqlite3 for Electron', () => {
  it('puts the Electron build where the desktop shell looks for it, apart from the Node build', () => {
    const scriptPath = start.electronNativeBindingPath('/app', '145');
    expect(scriptPath).toBe(electronNativeBindingPath('/app', '145'));
    expect(scriptPath).not.toBe(path.join('/app', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  });

  it('chooses a build when the binary exists and no build for its ABI does', () => {
    const plan = start.planNativeBuild({ root: '/app', electron, betterSqliteVersion: '12.11.1', exists: () => false });
    expect(plan).toEqual({ action: 'build', binding: electronNativeBindingPath('/app', '145'), electronVersion: '41.7.1', abi: '145', betterSqliteVersion: '12.11.1' });
  });

  it('builds again when better-sqlite3 changed since, and not when it did not', () => {
    const stamp = (version: string) => () => JSON.stringify({ betterSqlite3: version });
    expect(start.planNativeBuild({ root: '/app', electron, betterSqliteVersion: '12.11.1', exists: () => true, readFile: stamp('12.10.0') }).action).toBe('build');
    expect(start.planNativeBuild({ root: '/app', electron, betterSqliteVersion: '12.11.1', exists: () => true, readFile: () => 'not json' }).action).toBe('build');
    expect(start.planNativeBuild({ root: '/app', electron, betterSqliteVersion: '12.11.1', exists: () => true, readFile: stamp('12.11.1') })).toEqual({
      action: 'ready',
      binding: electronNativeBindingPath('/app', '145'),
    });
  });

  it('builds nothing without Electron (headless fallback) or when Electron will not name its ABI', () => {
    expect(start.planNativeBuild({ root: '/app', electron: null, betterSqliteVersion: '12.11.1' })).toEqual({ action: 'none', reason: 'no-electron' });
    expect(start.planNativeBuild({ root: '/app', electron: { abi: null, version: null }, betterSqliteVersion: '12.11.1' })).toEqual({ action: 'none', reason: 'abi-unknown' });
  });

  it('asks the binary itself for its ABI, and gets none from a stand-in', () => {
    const dist = folder();
    const answering = path.join(dist, 'electron');
    fs.writeFileSync(answering, `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] && echo '{"abi":"145","version":"41.7.1"}'\n`, { mode: 0o755 });
    expect(start.describeElectron(answering)).toEqual({ abi: '145', version: '41.7.1' });
    const standIn = path.join(dist, 'stand-in');
    fs.writeFileSync(standIn, `#!/bin/sh\necho "electron started with: $@"\n`, { mode: 0o755 });
    expect(start.describeElectron(standIn)).toEqual({ abi: null, version: null });
  });

  it('tries Electron’s prebuilt binary first, then a compile against Electron’s headers, in a copy', () => {
    const [prebuilt, compile] = start.nativeBuildCommands({ workFolder: '/tmp/work/better-sqlite3', electronVersion: '41.7.1', arch: 'x64' });
    expect(prebuilt!.args.slice(1)).toEqual(['--runtime', 'electron', '--target', '41.7.1', '--arch', 'x64']);
    expect(prebuilt!.args[0]).toMatch(/prebuild-install[/\\]bin\.js$/);
    expect(compile!.args.slice(1)).toEqual(['rebuild', '--release', '--runtime=electron', '--target=41.7.1', '--arch=x64', '--dist-url=https://electronjs.org/headers']);
    expect(prebuilt!.cwd).toBe('/tmp/work/better-sqlite3');
    expect(compile!.cwd).toBe('/tmp/work/better-sqlite3');
  });

  it('moves the result into place with its stamp and leaves the Node build alone', () => {
    const root = folder();
    const source = path.join(root, 'node_modules', 'better-sqlite3');
    fs.mkdirSync(path.join(source, 'build', 'Release'), { recursive: true });
    fs.writeFileSync(path.join(source, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}');
    fs.writeFileSync(path.join(source, 'build', 'Release', 'better_sqlite3.node'), 'node build');
    const plan = start.planNativeBuild({ root, electron, betterSqliteVersion: '12.11.1' });
    const ran: Step[] = [];
    const built = start.buildNativeBinding(plan, {
      sourceFolder: source,
      tempRoot: folder(),
      run: (command, args, { cwd }) => {
        ran.push({ command, args, cwd });
        // The copy starts without the Node build; the stand-in "prebuilt download" fails,
        // the stand-in compile succeeds.
        expect(fs.existsSync(path.join(cwd, 'build'))).toBe(false);
        if (ran.length === 1) return 1;
        fs.mkdirSync(path.join(cwd, 'build', 'Release'), { recursive: true });
        fs.writeFileSync(path.join(cwd, 'build', 'Release', 'better_sqlite3.node'), 'electron build');
        return 0;
      },
    });
    expect(built).toBe(true);
    expect(ran).toHaveLength(2);
    expect(ran[1]!.cwd).not.toBe(source);
    const binding = electronNativeBindingPath(root, '145');
    expect(fs.readFileSync(binding, 'utf8')).toBe('electron build');
    expect(fs.readFileSync(path.join(source, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node build');
    expect(start.planNativeBuild({ root, electron, betterSqliteVersion: '12.11.1' })).toEqual({ action: 'ready', binding });
    expect(fs.existsSync(path.dirname(ran[0]!.cwd))).toBe(false);
  });

  it('says so in one line when neither way works', () => {
    const root = folder();
    const source = path.join(root, 'better-sqlite3');
    fs.mkdirSync(source);
    const lines: string[] = [];
    const plan = start.planNativeBuild({ root, electron, betterSqliteVersion: '12.11.1' });
    expect(start.buildNativeBinding(plan, { sourceFolder: source, tempRoot: folder(), run: () => 1, log: (line) => lines.push(line) })).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/^Could not build better-sqlite3 for Electron 41\.7\.1 /)]);
    expect(fs.existsSync(electronNativeBindingPath(root, '145'))).toBe(false);
  });

  it('loads the Electron build in development only, and only when it exists', () => {
    const binding = electronNativeBindingPath('/app', '145');
    expect(chooseNativeBinding({ appFolder: '/app', abi: '145', isPackaged: false, exists: (file) => file === binding })).toBe(binding);
    expect(chooseNativeBinding({ appFolder: '/app', abi: '145', isPackaged: false, exists: () => false })).toBeUndefined();
    expect(chooseNativeBinding({ appFolder: '/app', abi: '145', isPackaged: true, exists: () => true })).toBeUndefined();
  });
});
