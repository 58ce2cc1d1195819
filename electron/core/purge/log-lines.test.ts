import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempFolder } from '../../../test/support/temp-folder.js';
import { FileLogger } from '../log/file-logger.js';
import { logTermsFor, removeLogLines } from './log-lines.js';

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

function logFolder(files: Record<string, string>): string {
  const temp = makeTempFolder();
  temps.push(temp);
  const folder = path.join(temp.folder, 'logs');
  fs.mkdirSync(folder);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), content, { mode: 0o644 });
  return folder;
}

describe('logTermsFor', () => {
  it('lower-cases name and addresses and drops empty ones', () => {
    expect(logTermsFor('Anna Schmidt', ['Anna@Example.ORG', '  '])).toEqual(['anna schmidt', 'anna@example.org']);
  });

  it('adds the forms a JSON log line and the other Unicode normal form would hold', () => {
    const terms = logTermsFor('Zoë "Z" O\\Brien', []);
    expect(terms).toContain('zoë "z" o\\brien');
    expect(terms).toContain('zoë \\"z\\" o\\\\brien');
    expect(terms).toContain('zoe\u0308 "z" o\\brien');
  });
});

describe('removeLogLines', () => {
  it('removes every line naming a term, in any case, from the log and its rotated copies', () => {
    const folder = logFolder({
      'hirebox.log': '{"message":"started"}\n{"name":"ANNA Schmidt"}\n{"message":"synced"}\n',
      'hirebox.log.1': '{"to":"anna@example.org"}\n{"message":"older"}\n',
      'hirebox.log.2': '{"message":"oldest"}\n',
    });
    const untouched = fs.statSync(path.join(folder, 'hirebox.log.2')).ino;

    expect(removeLogLines(folder, ['anna schmidt', 'anna@example.org'])).toEqual({ filesRewritten: 2, linesRemoved: 2 });

    expect(fs.readFileSync(path.join(folder, 'hirebox.log'), 'utf8')).toBe('{"message":"started"}\n{"message":"synced"}\n');
    expect(fs.readFileSync(path.join(folder, 'hirebox.log.1'), 'utf8')).toBe('{"message":"older"}\n');
    expect(fs.statSync(path.join(folder, 'hirebox.log.2')).ino).toBe(untouched);
    for (const name of ['hirebox.log', 'hirebox.log.1']) expect(fs.statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(folder).sort()).toEqual(['hirebox.log', 'hirebox.log.1', 'hirebox.log.2']);
  });

  it('removes lines naming a short name as a word only, not lines that merely contain its letters', () => {
    const folder = logFolder({
      'hirebox.log': '{"message":"engine closed"}\n{"name":"Ed"}\n{"to":"hanna@example.org"}\n{"to":"anna@example.org"}\n',
    });
    expect(removeLogLines(folder, ['ed', 'anna@example.org'])).toEqual({ filesRewritten: 1, linesRemoved: 2 });
    expect(fs.readFileSync(path.join(folder, 'hirebox.log'), 'utf8')).toBe('{"message":"engine closed"}\n{"to":"hanna@example.org"}\n');
  });

  it('finds nothing to do in a missing folder or with no terms', () => {
    expect(removeLogLines(path.join(logFolder({}), 'nowhere'), ['anna'])).toEqual({ filesRewritten: 0, linesRemoved: 0 });
    const folder = logFolder({ 'hirebox.log': 'anything\n' });
    expect(removeLogLines(folder, ['', ''])).toEqual({ filesRewritten: 0, linesRemoved: 0 });
    expect(fs.readFileSync(path.join(folder, 'hirebox.log'), 'utf8')).toBe('anything\n');
  });

  it('clears a temp file a crashed run left behind', () => {
    const folder = logFolder({ 'hirebox.log': 'kept\n', 'hirebox.log.123.purge-tmp': 'kept\n' });
    removeLogLines(folder, ['anna']);
    expect(fs.readdirSync(folder)).toEqual(['hirebox.log']);
  });

  it('lets a FileLogger go on in the rewritten file once it is closed', () => {
    const folder = logFolder({});
    const logger = new FileLogger({ folder });
    logger.info('candidate added', { name: 'Anna Schmidt' });
    logger.info('engine started');
    removeLogLines(folder, logTermsFor('Anna Schmidt', []));
    logger.close();
    logger.info('after the purge');
    logger.close();
    const messages = fs
      .readFileSync(path.join(folder, 'hirebox.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages).toEqual(['engine started', 'after the purge']);
  });
});
