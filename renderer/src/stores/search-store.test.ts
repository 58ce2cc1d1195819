import { describe, expect, it } from 'vitest';
import { dayBounds, searchInput } from './search-store.js';

describe('the search input', () => {
  it('turns calendar days into the first and last instant of those days', () => {
    const bounds = dayBounds('2026-03-29');
    expect(bounds).not.toBeNull();
    expect(new Date(bounds!.start).getDate()).toBe(29);
    expect(new Date(bounds!.end).getDate()).toBe(29);
    expect(new Date(bounds!.end).getTime() - new Date(bounds!.start).getTime()).toBeGreaterThan(22 * 3600 * 1000);
    expect(dayBounds('29.03.2026')).toBeNull();
  });

  it('sends only the filters that are set', () => {
    expect(searchInput({ text: 'anna', candidate: { id: 'c', name: 'Anna' }, hasAttachments: false }, { limit: 50 })).toEqual({ limit: 50, text: 'anna', candidateId: 'c' });
  });
});
