import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute } from './navigation-store.js';

describe('routes', () => {
  it('reads pages and settings sections from the fragment', () => {
    expect(parseRoute('#/candidates')).toEqual({ page: 'candidates' });
    expect(parseRoute('#/settings/mailboxes')).toEqual({ page: 'settings', section: 'mailboxes' });
    expect(parseRoute('#/settings/team')).toEqual({ page: 'settings', section: 'team' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings', section: 'language' });
    expect(parseRoute('#/settings/nonsense')).toEqual({ page: 'settings', section: 'language' });
  });

  it('reads a candidate profile and a job page by id', () => {
    const id = '0b6d8d55-3c2e-4a43-9a39-7d0f1f6f4c11';
    expect(parseRoute(`#/candidates/${id}`)).toEqual({ page: 'candidates', candidateId: id });
    expect(parseRoute(`#/jobs/${id}`)).toEqual({ page: 'jobs', jobId: id });
    expect(parseRoute('#/candidates/')).toEqual({ page: 'candidates' });
  });

  it('keeps a malformed id as it is (the engine answers not-found)', () => {
    expect(parseRoute('#/candidates/%E0%A4%A')).toEqual({ page: 'candidates', candidateId: '%E0%A4%A' });
  });

  it('opens the inbox for anything else, the headless key included', () => {
    expect(parseRoute('')).toEqual({ page: 'inbox' });
    expect(parseRoute('#token=abc')).toEqual({ page: 'inbox' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'inbox' });
  });

  it('writes what it reads', () => {
    for (const hash of ['#/inbox', '#/search', '#/jobs', '#/settings/workspace', '#/settings/team', '#/candidates/abc', '#/jobs/def']) {
      expect(hrefOf(parseRoute(hash))).toBe(hash);
    }
  });
});
