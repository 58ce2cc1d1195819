import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../shared/contract.js';

describe('the contract', () => {
  it('names every channel domain:verb', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('is documented channel by channel in docs/api.md, with a hirebox call example', () => {
    const doc = fs.readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
    for (const name of channelNames) {
      expect(doc, `docs/api.md lacks a section for ${name}`).toContain(`### \`${name}\``);
      expect(doc, `docs/api.md lacks an example for ${name}`).toMatch(new RegExp(`hirebox call ${name}\\b`));
    }
  });
});
