import { domainToASCII } from 'node:url';
import { AppError } from '../errors.js';

/**
 * Mail addresses and domains in the one form the matcher, the R4 guard and the store
 * compare: Unicode NFC, trimmed, lower case, international domains in their ASCII (punycode) form,
 * so `anna@bücher.de` and `anna@xn--bcher-kva.de` are the same address.
 */

// RFC 5321 §4.5.3.1: local part up to 64 octets, domain up to 255, path up to 256.
const maxLocalLength = 64;
const maxAddressLength = 254;
const domainLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// Printable ASCII or any non-ASCII (RFC 6532 allows UTF-8 local parts), no spaces, no
// characters that need quoting; quoted local parts are not accepted for candidates.
const localPart = /^[^\s"(),:;<>@[\\\]]+$/u;

/** The domain in its comparable form; throws `invalid-input` for anything that is not one. */
export function normalizeDomain(raw: string, field = 'domain'): string {
  // NFC first: `é` may arrive composed or as `e` + a combining accent (Unicode UAX #15).
  const trimmed = raw.normalize('NFC').trim().replace(/\.$/, '').toLowerCase();
  const ascii = trimmed === '' ? '' : domainToASCII(trimmed);
  const labels = ascii.split('.');
  if (ascii === '' || ascii.length > 253 || labels.length < 2 || !labels.every((label) => domainLabel.test(label))) {
    throw new AppError('invalid-input', `"${raw.trim()}" is not a mail domain (like acme.com).`, { field });
  }
  return ascii;
}

/** The address in its comparable form; throws `invalid-input` for anything that is not one. */
export function normalizeAddress(raw: string, field = 'address'): string {
  const trimmed = raw.normalize('NFC').trim();
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at).toLowerCase();
  const invalid = () => new AppError('invalid-input', `"${trimmed}" is not a mail address (like name@example.com).`, { field });
  if (at <= 0 || local.length > maxLocalLength || !localPart.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    throw invalid();
  }
  let domain: string;
  try {
    domain = normalizeDomain(trimmed.slice(at + 1), field);
  } catch {
    throw invalid();
  }
  const address = `${local}@${domain}`;
  if (address.length > maxAddressLength) throw invalid();
  return address;
}

/** The domain part of a normalised address. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/** A recipient as written: the display name kept beside the comparable address. */
export interface NamedAddress {
  /** Empty when none was written. */
  name: string;
  address: string;
}

/**
 * `Anna Apfel <anna@example.org>`, `"Apfel, Anna" <anna@example.org>` or a bare address,
 * as a name (quotes removed, RFC 5322 §3.4 display-name) and the normalised address.
 * Throws `invalid-input` on `field` when the address is not one.
 */
export function parseNamedAddress(raw: string, field = 'address'): NamedAddress {
  const angle = /^(.*?)\s*<([^<>]*)>\s*$/su.exec(raw.trim());
  if (angle === null) return { name: '', address: normalizeAddress(raw, field) };
  const written = (angle[1] ?? '').trim();
  const name = /^"(.*)"$/su.exec(written)?.[1]?.replace(/\\(.)/gu, '$1') ?? written;
  return { name: name.trim(), address: normalizeAddress(angle[2] ?? '', field) };
}
