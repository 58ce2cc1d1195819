import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { domainOf, normalizeAddress, normalizeDomain, parseNamedAddress } from './addresses.js';

describe('normalizeAddress', () => {
  it('trims and lower-cases', () => {
    expect(normalizeAddress('  Anna.Schmidt@Example.COM ')).toBe('anna.schmidt@example.com');
  });

  it('gives international domains one form', () => {
    expect(normalizeAddress('anna@bücher.de')).toBe(normalizeAddress('anna@xn--bcher-kva.de'));
    expect(normalizeAddress('Anna@BÜCHER.de')).toBe('anna@xn--bcher-kva.de');
  });

  it('gives composed and decomposed accents one form (NFC)', () => {
    expect(normalizeAddress('jose\u0301@acme.com')).toBe(normalizeAddress('jos\u00e9@acme.com'));
    expect(normalizeAddress('anna@bu\u0308cher.de')).toBe('anna@xn--bcher-kva.de');
  });

  it('keeps +tags (the R4 guard strips them itself)', () => {
    expect(normalizeAddress('anna+jobs@example.com')).toBe('anna+jobs@example.com');
  });

  it.each(['', 'anna', '@example.com', 'anna@', 'anna@localhost', 'an na@example.com', 'anna@exa mple.com', 'anna..b@example.com', 'Anna <anna@example.com>', 'anna@-example.com', `${'a'.repeat(65)}@example.com`])(
    'refuses %j with invalid-input on the given field',
    (raw) => {
      try {
        normalizeAddress(raw, 'owner.email');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('invalid-input');
        expect((error as AppError).field).toBe('owner.email');
      }
    },
  );
});

describe('normalizeDomain', () => {
  it('lower-cases, drops a trailing dot and converts to ASCII', () => {
    expect(normalizeDomain(' ACME.com. ')).toBe('acme.com');
    expect(normalizeDomain('müller.de')).toBe('xn--mller-kva.de');
  });

  it.each(['acme', 'acme..com', '-acme.com', 'ac me.com', ''])('refuses %j', (raw) => {
    expect(() => normalizeDomain(raw, 'domains.0')).toThrowError(AppError);
  });

  it('finds the domain of an address', () => {
    expect(domainOf(normalizeAddress('a@Sub.Acme.com'))).toBe('sub.acme.com');
  });
});

describe('parseNamedAddress', () => {
  it('keeps the display name as written beside the normalised address', () => {
    expect(parseNamedAddress('Anna Apfel <Anna@Example.org>')).toEqual({ name: 'Anna Apfel', address: 'anna@example.org' });
    expect(parseNamedAddress('"Apfel, Anna" <anna@example.org>')).toEqual({ name: 'Apfel, Anna', address: 'anna@example.org' });
    expect(parseNamedAddress(' anna@example.org ')).toEqual({ name: '', address: 'anna@example.org' });
    expect(parseNamedAddress('<anna@example.org>')).toEqual({ name: '', address: 'anna@example.org' });
  });

  it('refuses a name without an address, on the field it came from', () => {
    expect(() => parseNamedAddress('Anna Apfel <>', 'to.1')).toThrowError(AppError);
    expect(() => parseNamedAddress('Anna Apfel', 'to.1')).toThrowError(/not a mail address/);
  });
});
