import { describe, expect, it } from 'vitest';
import type { CandidateProfile, User } from '../../../shared/model.js';
import { composeWarnings, withoutAddress, type ComposeWarningInput } from './compose-warnings.js';

function profile(change: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    id: 'c',
    name: 'Anna Adler',
    addresses: [
      { address: 'anna@example.org', isPrimary: true, internal: false },
      { address: 'anna.adler@uni.example', isPrimary: false, internal: false },
    ],
    applications: [{ id: 'a', jobId: 'j', jobTitle: 'Product Designer', jobStatus: 'open', stage: 'applied', createdAt: '' }],
    synced: true,
    syncState: 'synced',
    internal: false,
    createdAt: '',
    canDelete: true,
    ...change,
  };
}

const carl: User = { id: 'u', name: 'Carl Colleague', email: 'carl@acme.com', aliases: ['hiring@acme.com'], role: 'recruiter', isOwner: false };

function input(change: Partial<ComposeWarningInput> = {}): ComposeWarningInput {
  return { to: ['anna@example.org'], cc: [], bcc: [], candidate: profile(), team: [carl], ownAddresses: ['olivia@acme.com'], forwardWarningShown: false, ...change };
}

describe('composer warnings', () => {
  it('say nothing for a plain mail to the candidate (any of their addresses, any case), the user’s own address in Bcc included', () => {
    expect(composeWarnings(input())).toEqual([]);
    expect(composeWarnings(input({ to: ['Anna.Adler@UNI.example'], bcc: ['olivia@acme.com'] }))).toEqual([]);
    expect(composeWarnings(input({ candidate: null, to: ['stranger@example.org'] }))).toEqual([]);
  });

  it('R7: every job archived — names the jobs to unarchive, once each', () => {
    const archived = profile({
      syncState: 'all-jobs-archived',
      synced: false,
      applications: [
        { id: 'a', jobId: 'j1', jobTitle: 'Product Designer', jobStatus: 'archived', stage: 'rejected', createdAt: '' },
        { id: 'b', jobId: 'j2', jobTitle: 'UX Writer', jobStatus: 'archived', stage: 'applied', createdAt: '' },
      ],
    });
    expect(composeWarnings(input({ candidate: archived }))).toEqual([
      { kind: 'all-jobs-archived', candidate: 'Anna Adler', jobs: [{ id: 'j1', title: 'Product Designer' }, { id: 'j2', title: 'UX Writer' }] },
    ]);
    // No application at all is not "archived": there is nothing to unarchive.
    expect(composeWarnings(input({ candidate: profile({ syncState: 'no-application', synced: false, applications: [] }) }))).toEqual([]);
  });

  it('R6: the candidate among no recipients — names who receives the mail instead', () => {
    expect(composeWarnings(input({ to: ['ben@example.org'], cc: ['carl@acme.com'] }))).toContainEqual({
      kind: 'candidate-not-recipient',
      candidate: 'Anna Adler',
      primaryAddress: 'anna@example.org',
      recipients: ['ben@example.org', 'carl@acme.com'],
    });
    // The forward warning of a reply already says so.
    expect(composeWarnings(input({ to: ['ben@example.org'], forwardWarningShown: true })).map((warning) => warning.kind)).not.toContain('candidate-not-recipient');
  });

  it('find a colleague by work address or alias, ignoring +tags, and name strangers apart from them', () => {
    expect(composeWarnings(input({ cc: ['Hiring+anna@acme.com', 'ben@example.org'] }))).toEqual([
      { kind: 'colleague', colleagues: [{ name: 'Carl Colleague', address: 'Hiring+anna@acme.com' }] },
      { kind: 'not-on-candidate', candidate: 'Anna Adler', addresses: ['ben@example.org'] },
    ]);
  });

  it('R5: an internal applicant is always pointed out, naming who else is in Cc or Bcc', () => {
    const internal = profile({ internal: true, addresses: [{ address: 'ida@acme.com', isPrimary: true, internal: true }] });
    expect(composeWarnings(input({ candidate: internal, to: ['ida@acme.com'] }))).toEqual([{ kind: 'internal-applicant', candidate: 'Anna Adler', others: [] }]);
    expect(composeWarnings(input({ candidate: internal, to: ['ida@acme.com'], bcc: ['ben@example.org'] }))).toContainEqual({ kind: 'internal-applicant', candidate: 'Anna Adler', others: ['ben@example.org'] });
  });

  it('an address removed from a field goes wherever it stands, with or without a name', () => {
    expect(withoutAddress('Carl Colleague <carl@acme.com>, ben@example.org; CARL@acme.com', 'carl@acme.com')).toBe('ben@example.org');
  });
});
