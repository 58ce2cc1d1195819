import { describe, expect, it } from 'vitest';
import { linkTarget } from './rich-text-link.js';

describe('a link target as typed in the composer', () => {
  it('opens a web address, with https:// added when it is missing', () => {
    expect(linkTarget('https://nordlicht.example/jobs')).toBe('https://nordlicht.example/jobs');
    expect(linkTarget('http://nordlicht.example')).toBe('http://nordlicht.example');
    expect(linkTarget('  nordlicht.example/karriere ')).toBe('https://nordlicht.example/karriere');
  });

  it('writes to an email address, with mailto: added when it is missing', () => {
    expect(linkTarget('lena.hoffmann@mail.example')).toBe('mailto:lena.hoffmann@mail.example');
    expect(linkTarget('MAILTO:lena.hoffmann@mail.example')).toBe('MAILTO:lena.hoffmann@mail.example');
  });

  it('is nothing for empty text or words that are no address, so the link comes off', () => {
    expect(linkTarget('')).toBeNull();
    expect(linkTarget('   ')).toBeNull();
    expect(linkTarget('our careers page')).toBeNull();
    expect(linkTarget('javascript:alert(1)')).toBeNull();
  });
});
