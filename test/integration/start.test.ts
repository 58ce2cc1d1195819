import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';
import { makeTempFolder } from '../support/temp-folder.js';

// `npm start` (after its build step): the desktop app where the Electron binary exists,
// otherwise one line that says so and the headless shell. ELECTRON_OVERRIDE_DIST_PATH
// (honoured by the `electron` package) points it at a stand-in or at an empty folder.

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

function folder(): string {
  const temp = makeTempFolder();
  temps.push(temp);
  return temp.folder;
}

function start(env: Record<string, string>, args: string[], until: (stdout: string) => boolean): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs', ...args], { cwd: projectRoot, env: { ...process.env, ...env, DISPLAY: '', WAYLAND_DISPLAY: '' } });
    let stdout = '';
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stopping && until(stdout)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, code }));
  });
}

describe('npm start', () => {
  it('falls back to the headless shell in one line when Electron is missing', async () => {
    const data = folder();
    const { stdout, code } = await start({ ELECTRON_OVERRIDE_DIST_PATH: folder() }, ['--data', data, '--port', '0'], (text) => text.includes('Hirebox listening on'));
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Electron is not available on this machine .*hirebox serve/);
    expect(lines[1]).toMatch(/^Hirebox listening on http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(data, 'serve.json'))).toBe(false);
  });

  it('launches the Electron binary on the app when it exists', async () => {
    const dist = folder();
    const standIn = path.join(dist, 'electron');
    fs.writeFileSync(standIn, `#!/bin/sh\necho "electron started with: $@"\n`, { mode: 0o755 });
    const { stdout, code } = await start({ ELECTRON_OVERRIDE_DIST_PATH: dist }, [], () => false);
    expect(stdout.trim()).toBe('electron started with: .');
    expect(code).toBe(0);
  });
});
