import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { normalizeAddress } from './addresses.js';
import { assertNotOnCandidate, assertNotOwn, ownAddressBookOf } from './address-guard.js';

const book = ownAddressBookOf(
  [
    { address: 'olivia@acme.com', name: 'Olivia Owner', kind: 'work' },
    { address: 'o.owner@acme.de', name: 'Olivia Owner', kind: 'alias' },
  ],
  ['jobs@acme.com'],
);

/** The refusal `run` throws, as the user sees it. */
function refusal(run: () => void): Pick<AppError, 'code' | 'field' | 'rule' | 'message'> | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, field: error.field, rule: error.rule, message: error.message };
  }
}

describe('assertNotOwn (R4: no own address on a candidate)', () => {
  it('refuses a work address, an alias and a mailbox, with a +tag or in another case, naming whose it is', () => {
    expect(refusal(() => assertNotOwn(book, normalizeAddress('Olivia+Jobs@ACME.com'), 'addresses.0'))).toEqual({
      code: 'own-address',
      field: 'addresses.0',
      rule: 'R4',
      message: expect.stringContaining('the work address of Olivia Owner'),
    });
    expect(refusal(() => assertNotOwn(book, 'o.owner@acme.de', 'addresses.1'))?.message).toContain('an alias of Olivia Owner');
    expect(refusal(() => assertNotOwn(book, 'jobs+x@acme.com', 'addresses.2'))?.message).toContain('the connected mailbox jobs@acme.com');
  });

  it('lets a stranger of the same domain through', () => {
    expect(refusal(() => assertNotOwn(book, 'olivia.mueller@acme.com', 'addresses.0'))).toBeNull();
  });
});

describe('assertNotOnCandidate (R4: no candidate address for the team or a mailbox)', () => {
  it('refuses an address a candidate holds, naming the candidate and their address', () => {
    expect(refusal(() => assertNotOnCandidate('kim@example.org', 'address', { name: 'Kim Lee', address: 'kim+cv@example.org' }))).toEqual({
      code: 'own-address',
      field: 'address',
      rule: 'R4',
      message: expect.stringContaining('Kim Lee (kim+cv@example.org)'),
    });
  });

  it('lets an address no candidate holds through', () => {
    expect(refusal(() => assertNotOnCandidate('kim@example.org', 'address', undefined))).toBeNull();
  });
});
