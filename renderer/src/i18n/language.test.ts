import { describe, expect, it } from 'vitest';
import { resolveLanguage } from './language.js';

describe('resolveLanguage', () => {
  it('takes an explicit choice as it is, whatever the system says', () => {
    expect(resolveLanguage('de', ['en-US'])).toBe('de');
    expect(resolveLanguage('en', ['de-DE'])).toBe('en');
  });
  it('follows the first German or English entry of the system list', () => {
    expect(resolveLanguage('system', ['de-DE', 'en-US'])).toBe('de');
    expect(resolveLanguage('system', ['en-GB', 'de'])).toBe('en');
    expect(resolveLanguage('system', ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(resolveLanguage('system', ['de_CH'])).toBe('de');
    expect(resolveLanguage('system', ['DE'])).toBe('de');
  });
  it('falls back to English when the system names neither', () => {
    expect(resolveLanguage('system', ['fr-FR', 'it'])).toBe('en');
    expect(resolveLanguage('system', [])).toBe('en');
  });
  it('does not mistake other languages for German or English', () => {
    expect(resolveLanguage('system', ['dsb', 'eno', 'de'])).toBe('de');
  });
});
