import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute } from './navigation-store.js';

describe('routes', () => {
  it('reads pages and settings sections from the fragment', () => {
    expect(parseRoute('#/candidates')).toEqual({ page: 'candidates' });
    expect(parseRoute('#/settings/mailboxes')).toEqual({ page: 'settings', section: 'mailboxes' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings', section: 'language' });
    expect(parseRoute('#/settings/nonsense')).toEqual({ page: 'settings', section: 'language' });
  });

  it('opens the inbox for anything else, the headless key included', () => {
    expect(parseRoute('')).toEqual({ page: 'inbox' });
    expect(parseRoute('#token=abc')).toEqual({ page: 'inbox' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'inbox' });
  });

  it('writes what it reads', () => {
    for (const hash of ['#/inbox', '#/jobs', '#/settings/workspace']) expect(hrefOf(parseRoute(hash))).toBe(hash);
  });
});
