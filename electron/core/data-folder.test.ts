import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempFolder } from '../../test/support/temp-folder.js';
import { defaultDataFolder, prepareDataFolder, writeFileAtomic } from './data-folder.js';

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

describe('the data folder', () => {
  it('defaults to the OS app-data folder and follows HIREBOX_DATA', () => {
    expect(defaultDataFolder({ HOME: '/home/olivia', XDG_CONFIG_HOME: '/home/olivia/.config' }, 'linux')).toBe('/home/olivia/.config/Hirebox/engine');
    expect(defaultDataFolder({ APPDATA: 'C:\\Users\\o\\AppData\\Roaming' }, 'win32')).toContain(path.join('Hirebox', 'engine'));
    expect(defaultDataFolder({ HIREBOX_DATA: '/srv/hirebox' }, 'linux')).toBe('/srv/hirebox');
  });

  it('is created for its owner only, and an existing one is tightened', () => {
    const temp = makeTempFolder();
    temps.push(temp);
    const fresh = prepareDataFolder(path.join(temp.folder, 'a', 'engine'));
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
    const loose = path.join(temp.folder, 'loose');
    fs.mkdirSync(loose, { mode: 0o777 });
    fs.chmodSync(loose, 0o777);
    prepareDataFolder(loose);
    expect(fs.statSync(loose).mode & 0o777).toBe(0o700);
  });

  it('writes files whole and private', () => {
    const temp = makeTempFolder();
    temps.push(temp);
    const file = path.join(temp.folder, 'serve.json');
    writeFileAtomic(file, '{"port":1}');
    writeFileAtomic(file, '{"port":2}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"port":2}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(temp.folder)).toEqual(['serve.json']);
  });
});
