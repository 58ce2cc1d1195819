import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';
import { makeTempFolder } from '../support/temp-folder.js';

// electron-builder's own checks, offline: its schema validator on electron-builder.yml,
// and a `--dir` package built around a stand-in Electron folder (the real binary cannot be
// downloaded here), whose app.asar must hold what the app runs and nothing else.

const configFile = 'electron-builder.yml';
/** A fuse's state as its byte in the wire (@electron/fuses keeps the enum to itself). */
const FuseState = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) } as const;

async function loadConfig(): Promise<Configuration> {
  return getConfig(projectRoot, configFile, null);
}

async function validationError(config: Configuration): Promise<string | null> {
  try {
    await validateConfiguration(config, new DebugLogger(false));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validator', async () => {
    expect(await validationError(await loadConfig())).toBeNull();
  });

  it('packages for Linux (AppImage, deb), Windows (NSIS) and macOS (dmg) with app id, name and icons', async () => {
    const config = await loadConfig();
    expect(config).toMatchObject({
      appId: 'app.hirebox.desktop',
      productName: 'Hirebox',
      extraMetadata: { main: 'dist/electron/main.cjs' },
      linux: { target: ['AppImage', 'deb'], icon: 'build/icon.png' },
      win: { target: 'nsis', icon: 'build/icon.png' },
      mac: { target: 'dmg', icon: 'build/icon.png' },
    });
    const icon = fs.readFileSync(path.join(projectRoot, 'build', 'icon.png'));
    expect(icon.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height, big-endian, right after the chunk's length and type.
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('refuses a broken configuration', async () => {
    const config = await loadConfig();
    const broken: [string, Configuration][] = [
      ['an unknown option', { ...config, linux: { ...config.linux, autoUpdateMagic: true } as Configuration['linux'] }],
      ['a string for a boolean', { ...config, nsis: { ...config.nsis, oneClick: 'sometimes' } } as unknown as Configuration],
      ['an object for a list', { ...config, asarUnpack: { native: true } } as unknown as Configuration],
      ['an unknown top-level key', { ...config, pakage: {} } as unknown as Configuration],
      ['a misplaced option', { ...config, win: { ...config.win, category: 'Office' } as Configuration['win'] }],
      ['a deprecated option', { ...config, extraMetadata: { ...config.extraMetadata, build: {} } }],
    ];
    for (const [what, config] of broken) {
      expect(await validationError(config), what).toMatch(/Invalid configuration|deprecated/);
    }
  });

  it('refuses a misspelt key in a configuration file, naming it', async () => {
    const temp = makeTempFolder('hirebox-builder-config-');
    try {
      fs.writeFileSync(path.join(temp.folder, 'package.json'), JSON.stringify({ name: 'hirebox', version: '0.1.0' }));
      const text = fs.readFileSync(path.join(projectRoot, configFile), 'utf8').replace(/^linux:$/m, 'linux:\n  targte: deb');
      fs.writeFileSync(path.join(temp.folder, configFile), text);
      const error = await validationError(await getConfig(temp.folder, configFile, null));
      expect(error).toMatch(/configuration\.linux/);
    } finally {
      temp.remove();
    }
  });
});

describe('a --dir package with a stand-in Electron', () => {
  const temps: { remove(): void }[] = [];
  let entries: string[] = [];
  let asarFile = '';
  let unpacked = '';
  let build: { status: number | null; output: string; seconds: number };

  beforeAll(() => {
    // The shells are built by vitest's global setup; the renderer only when missing.
    if (!fs.existsSync(path.join(projectRoot, 'dist', 'renderer', 'index.html'))) {
      const renderer = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer'], { cwd: projectRoot, encoding: 'utf8' });
      if (renderer.status !== 0) throw new Error(`renderer build failed: ${renderer.stderr}`);
    }
    const standIn = makeTempFolder('hirebox-electron-stand-in-');
    const output = makeTempFolder('hirebox-release-');
    temps.push(standIn, output);
    // What electron-builder copies and renames: an `electron` executable and a version file.
    // The executable carries a fuse wire as Electron's does (sentinel, version 1, 8 fuses, all
    // enabled), so electron-builder's fuse flipping has something to flip.
    const fuseWire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1'), Buffer.from([1, 8]), Buffer.alloc(8, FuseState.ENABLE)]);
    fs.writeFileSync(path.join(standIn.folder, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for Electron"\nexit 0\n'), fuseWire, Buffer.from('\n')]), { mode: 0o755 });
    fs.writeFileSync(path.join(standIn.folder, 'version'), 'v41.7.1');
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [
        path.join(projectRoot, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        '--dir',
        '--publish',
        'never',
        '--config',
        configFile,
        `-c.electronDist=${standIn.folder}`,
        // Rebuilding better-sqlite3 for Electron needs a network; packaging machines do it.
        '-c.npmRebuild=false',
        `-c.directories.output=${output.folder}`,
      ],
      { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 110_000 },
    );
    build = { status: result.status, output: `${result.stdout}\n${result.stderr}`, seconds: (Date.now() - started) / 1000 };
    const resources = path.join(output.folder, 'linux-unpacked', 'resources');
    asarFile = path.join(resources, 'app.asar');
    unpacked = path.join(resources, 'app.asar.unpacked');
    if (build.status === 0) entries = listPackage(asarFile, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
  }, 120_000);

  afterAll(() => temps.splice(0).forEach((temp) => temp.remove()));

  it('builds', () => {
    expect(build.status, build.output).toBe(0);
    expect(build.seconds).toBeLessThan(100);
  });

  it('holds the bundled main process, the engine thread, the preload and the renderer', () => {
    for (const file of ['/package.json', '/dist/electron/main.cjs', '/dist/electron/engine-worker.cjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html']) {
      expect(entries).toContain(file);
    }
    expect(entries.some((entry) => /^\/dist\/renderer\/assets\/.+\.js$/.test(entry))).toBe(true);
    const main = extractFile(asarFile, 'dist/electron/main.cjs').toString('utf8');
    // The shell and the engine are inside their bundles, not left to node_modules; the
    // engine runs in its own thread (issue 22), loaded from app.asar, so main holds none of it.
    expect(main).toContain('createDesktopShell');
    expect(main).toContain('"engine-worker.cjs"');
    expect(main).not.toMatch(/var Engine = class/);
    const worker = extractFile(asarFile, 'dist/electron/engine-worker.cjs').toString('utf8');
    expect(worker).toMatch(/var Engine = class/);
    expect(worker).toContain('CREATE TABLE');
    expect(worker).toContain('require("better-sqlite3")');
    const manifest = JSON.parse(extractFile(asarFile, 'package.json').toString('utf8')) as { main: string };
    expect(manifest.main).toBe('dist/electron/main.cjs');
  });

  it('flips the fuses in the packaged binary: no running as Node, no NODE_OPTIONS or inspector, code from app.asar only', async () => {
    const wire = await getCurrentFuseWire(path.join(path.dirname(path.dirname(asarFile)), 'hirebox'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      onlyFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      nodeOptions: FuseState.DISABLE,
      inspect: FuseState.DISABLE,
      onlyFromAsar: FuseState.ENABLE,
      fileProtocolPrivileges: FuseState.DISABLE,
    });
  });

  it('keeps better-sqlite3 loadable: its native file outside the archive', () => {
    expect(entries).toContain('/node_modules/better-sqlite3/lib/index.js');
    expect(entries).toContain('/node_modules/bindings/bindings.js');
    expect(fs.existsSync(path.join(unpacked, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it('holds nothing from test/, no sources, no source maps and no other modules', () => {
    const offending = entries.filter(
      (entry) =>
        entry.startsWith('/test') ||
        entry.startsWith('/electron/') ||
        entry.startsWith('/shared/') ||
        entry.startsWith('/renderer/') ||
        entry.startsWith('/scripts/') ||
        entry.startsWith('/tools/') ||
        entry.startsWith('/dist/headless') ||
        /\.(ts|tsx|map)$/.test(entry) ||
        /\.test\./.test(entry),
    );
    expect(offending).toEqual([]);
    const modules = new Set(entries.filter((entry) => entry.startsWith('/node_modules/')).map((entry) => entry.split('/')[2]));
    expect([...modules].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
  });
});
