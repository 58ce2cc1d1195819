import { describe, expect, it } from 'vitest';
import { normalizeAddress } from './addresses.js';
import { isInternalAddress, OwnAddressBook, tagFreeParts, withoutTag } from './own-addresses.js';

describe('withoutTag', () => {
  it('drops a +tag from the local part only', () => {
    expect(withoutTag('olivia+jobs@acme.com')).toBe('olivia@acme.com');
    expect(withoutTag('olivia@acme.com')).toBe('olivia@acme.com');
    expect(withoutTag('+only@acme.com')).toBe('+only@acme.com');
    expect(tagFreeParts('a+b+c@x.de')).toEqual({ local: 'a', domain: 'x.de' });
  });
});

describe('OwnAddressBook (R4)', () => {
  const book = new OwnAddressBook([
    { address: 'olivia@acme.com', belongsTo: 'the work address of Olivia' },
    { address: 'o.owner@xn--bcher-kva.de', belongsTo: 'an alias of Olivia' },
    { address: 'jobs+inbox@acme.com', belongsTo: 'the connected mailbox jobs@acme.com' },
  ]);

  it('finds an own address in another case, with a +tag, or with an international domain', () => {
    expect(book.match(normalizeAddress('Olivia+Jobs@ACME.com'))?.belongsTo).toBe('the work address of Olivia');
    expect(book.match(normalizeAddress('O.Owner@bücher.de'))?.belongsTo).toBe('an alias of Olivia');
    expect(book.match(normalizeAddress('jobs@acme.com'))?.belongsTo).toBe('the connected mailbox jobs@acme.com');
  });

  it('lets other addresses of the same domain through', () => {
    expect(book.match(normalizeAddress('olivia.mueller@acme.com'))).toBeNull();
    expect(book.match(normalizeAddress('olivia@acme.de'))).toBeNull();
  });
});

describe('isInternalAddress (R5)', () => {
  it('is true in the workspace domains and below them', () => {
    expect(isInternalAddress('kim@acme.com', ['acme.com'])).toBe(true);
    expect(isInternalAddress('kim@de.acme.com', ['acme.com'])).toBe(true);
    expect(isInternalAddress('kim@notacme.com', ['acme.com'])).toBe(false);
    expect(isInternalAddress('kim@acme.com.evil.org', ['acme.com'])).toBe(false);
  });
});
