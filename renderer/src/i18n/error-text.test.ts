import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../shared/errors.js';
import type { ErrorCode, WireError } from '../../../shared/errors.js';
import { describeError, errorText, fieldOf } from './error-text.js';

const error = (code: ErrorCode, extra: Partial<WireError> = {}): WireError => ({
  code,
  message: 'English text from the engine',
  retryable: false,
  ...extra,
});

describe('error text', () => {
  it('has words for every error code in both languages, never the engine message', () => {
    for (const code of errorCodes) {
      const english = describeError(error(code), 'en');
      const german = describeError(error(code), 'de');
      expect(english, code).toBe(errorText[code].en);
      expect(german, code).toBe(errorText[code].de);
      expect(english).not.toBe(german);
      expect(english).not.toContain('English text from the engine');
    }
  });

  it('says "This link has expired" for a refused key', () => {
    expect(describeError(error('unauthenticated'), 'en')).toMatch(/link has expired/);
  });

  it('has words for known fields of invalid input', () => {
    expect(describeError(error('invalid-input', { field: 'owner.email' }), 'en')).toMatch(/work address/);
    expect(describeError(error('invalid-input', { field: 'owner.email' }), 'de')).toMatch(/berufliche Adresse/);
  });

  it('names the domain at fault for domains.N when the form knows its value', () => {
    expect(describeError(error('invalid-input', { field: 'domains.1' }), 'en', 'acme')).toBe(
      '“acme” is not a mail domain. Enter it like acme.com.',
    );
    expect(describeError(error('invalid-input', { field: 'domains.1' }), 'en')).toMatch(/at least one mail domain/);
  });

  it('falls back to the code words for unknown fields and codes from a newer engine', () => {
    expect(describeError(error('invalid-input', { field: 'something.else' }), 'en')).toBe(errorText['invalid-input'].en);
    expect(describeError({ code: 'brand-new' as ErrorCode, message: '', retryable: false }, 'de')).toBe(errorText.internal.de);
  });

  it('tells when the provider lets Hirebox try again', () => {
    expect(describeError(error('rate-limited', { retryAfterMs: 2500 }), 'en')).toMatch(/Next try in 3 s\.$/);
  });

  it('names the own address at fault on a candidate, and falls back to the R4 words without it', () => {
    const ownAddress = error('own-address', { field: 'addresses.1', rule: 'R4' });
    expect(describeError(ownAddress, 'en', 'Olivia+jobs@ACME.com')).toMatch(/^“Olivia\+jobs@ACME\.com” is your own address or a colleague’s/);
    expect(describeError(ownAddress, 'de', 'olivia@acme.com')).toMatch(/^„olivia@acme\.com“ ist deine eigene Adresse/);
    expect(describeError(ownAddress, 'en')).toBe(errorText['own-address'].en);
  });

  it('says what a conflict on an address means instead of "changed elsewhere"', () => {
    expect(describeError(error('conflict', { field: 'addresses.0' }), 'en', 'anna@example.com')).toMatch(/already belongs to another candidate/);
    expect(describeError(error('conflict', { field: 'addresses.0' }), 'en')).toBe(errorText.conflict.en);
    expect(describeError(error('conflict'), 'en')).toBe(errorText.conflict.en);
  });

  it('explains R4 from the team side: a member’s address that is on a candidate', () => {
    expect(describeError(error('own-address', { field: 'address' }), 'en', 'anna@acme.com')).toMatch(/is on a candidate’s profile/);
    expect(describeError(error('own-address', { field: 'email' }), 'de', 'anna@acme.com')).toMatch(/steht im Profil/);
  });

  it('has general words for an empty address row', () => {
    expect(describeError(error('invalid-input', { field: 'addresses.2' }), 'en', '')).toBe('Enter at least one mail address.');
    expect(describeError(error('invalid-input', { field: 'addresses.2' }), 'en', 'anna')).toMatch(/“anna” is not a mail address/);
  });

  it('maps an indexed field to its form field', () => {
    expect(fieldOf(error('invalid-input', { field: 'domains.0' }))).toBe('domains');
    expect(fieldOf(error('invalid-input', { field: 'owner.email' }))).toBe('owner.email');
    expect(fieldOf(error('internal'))).toBeUndefined();
  });

  it('words a connect’s errors as the mail server’s, and R8 as “connected already”, pointing to shared inboxes', () => {
    const r8 = error('conflict', { field: 'address', rule: 'R8' });
    expect(describeError(r8, 'en', 'alice@acme.com', 'mailboxes:connect')).toMatch(/^“alice@acme\.com” is connected already.*as a shared inbox/);
    expect(describeError(r8, 'de', 'alice@acme.com', 'mailboxes:connect')).toMatch(/^„alice@acme\.com“ ist schon verbunden.*gemeinsames Postfach/);
    expect(describeError(r8, 'en', undefined, 'mailboxes:connect')).toMatch(/connected already.*shared inbox/);
    // The same code at the same field elsewhere keeps its own words (a team member's alias).
    expect(describeError(r8, 'en', 'alice@acme.com')).toMatch(/already a team member’s address/);
    expect(describeError(error('own-address', { field: 'address' }), 'en', 'anna@example.org', 'mailboxes:connect')).toMatch(/can’t be your mailbox/);
    expect(describeError(error('auth-required'), 'en', undefined, 'mailboxes:connect')).toMatch(/^The server refused the user name or password\./);
    expect(describeError(error('auth-required'), 'de', undefined, 'mailboxes:connect')).toMatch(/^Der Server hat den Benutzernamen oder das Passwort abgelehnt\./);
    expect(describeError(error('network'), 'en', undefined, 'mailboxes:connect')).toMatch(/could not reach the mail server/);
    // Without the channel (Hirebox itself out of reach), the general words stay.
    expect(describeError(error('network'), 'en')).toBe(errorText.network.en);
  });

  it('has words at every field of the connect form, in both languages', () => {
    for (const field of ['userName', 'password', 'imap.host', 'imap.port', 'imap.security', 'smtp.host', 'smtp.port', 'smtp.security']) {
      for (const language of ['en', 'de'] as const) {
        expect(describeError(error('invalid-input', { field }), language, undefined, 'mailboxes:connect'), field).not.toBe(errorText['invalid-input'][language]);
      }
    }
    expect(describeError(error('invalid-input', { field: 'imap.security' }), 'en')).toMatch(/only to a server on this computer/);
  });
});
