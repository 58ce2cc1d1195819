import { describe, expect, it } from 'vitest';
import { splitDomains } from './split-domains.js';

describe('splitDomains', () => {
  it('turns a comma-separated line into a list', () => {
    expect(splitDomains('acme.com, acme.de')).toEqual(['acme.com', 'acme.de']);
  });
  it('accepts semicolons, spaces and stray separators', () => {
    expect(splitDomains(' acme.com;acme.de  acme.at ,, ')).toEqual(['acme.com', 'acme.de', 'acme.at']);
  });
  it('gives an empty list for an empty field, so the engine can say a domain is needed', () => {
    expect(splitDomains('  ,  ')).toEqual([]);
  });
});
