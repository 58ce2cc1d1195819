import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPlainFileName, resolveInDataFolder } from './data-folder-layout.js';

describe('resolveInDataFolder', () => {
  const root = path.resolve('/data/hirebox');

  it('resolves a relative, slash-separated target inside the folder', () => {
    expect(resolveInDataFolder(root, 'attachments/abc')).toBe(path.join(root, 'attachments', 'abc'));
    expect(resolveInDataFolder(root, 'tmp/x/y.pdf')).toBe(path.join(root, 'tmp', 'x', 'y.pdf'));
  });

  it('refuses a target that leaves the folder or is the folder itself', () => {
    for (const target of ['../outside', 'attachments/../../outside', '/etc/passwd', '', '.', 'tmp/..']) {
      expect(() => resolveInDataFolder(root, target), target).toThrow(expect.objectContaining({ code: 'internal' }));
    }
  });
});

describe('isPlainFileName', () => {
  it('accepts one segment and refuses separators and dot names', () => {
    expect(isPlainFileName('a'.repeat(64))).toBe(true);
    for (const name of ['', '.', '..', 'a/b', 'a\\b', 'a\0b']) expect(isPlainFileName(name), name).toBe(false);
  });
});
