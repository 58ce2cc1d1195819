import { describe, expect, it } from 'vitest';
import { datePattern, formatDateText, parseDateText } from './date-text.js';

describe('dates as typed text', () => {
  it('are written in the order of the language', () => {
    expect(formatDateText('2026-12-07', 'de')).toBe('07.12.2026');
    expect(formatDateText('2026-12-07', 'en-US')).toBe('12/07/2026');
    expect(formatDateText('2026-12-07', 'en-GB')).toBe('07/12/2026');
    expect(formatDateText('', 'de')).toBe('');
    expect(formatDateText('7.12.2026', 'de')).toBe('');
  });

  it('are read in that order, with or without leading zeros, and as ISO', () => {
    expect(parseDateText('07.12.2026', 'de')).toBe('2026-12-07');
    expect(parseDateText(' 7.12.2026 ', 'de')).toBe('2026-12-07');
    expect(parseDateText('12/07/2026', 'en-US')).toBe('2026-12-07');
    expect(parseDateText('07/12/2026', 'en-GB')).toBe('2026-12-07');
    expect(parseDateText('2026-12-07', 'de')).toBe('2026-12-07');
    expect(parseDateText('2026-12-07', 'en-US')).toBe('2026-12-07');
  });

  it('take no half-typed, impossible or foreign-ordered day', () => {
    expect(parseDateText('7.12.20', 'de')).toBeNull();
    expect(parseDateText('7.12.', 'de')).toBeNull();
    expect(parseDateText('31.02.2026', 'de')).toBeNull();
    expect(parseDateText('13/13/2026', 'en-US')).toBeNull();
    // German order read as German: the 12th of July is not the 7th of December.
    expect(parseDateText('12.07.2026', 'de')).toBe('2026-07-12');
    expect(parseDateText('morgen', 'de')).toBeNull();
    expect(parseDateText('', 'de')).toBeNull();
  });

  it('know each language’s separator', () => {
    expect(datePattern('de')).toEqual({ order: ['day', 'month', 'year'], separator: '.' });
    expect(datePattern('en-US')).toEqual({ order: ['month', 'day', 'year'], separator: '/' });
  });
});
