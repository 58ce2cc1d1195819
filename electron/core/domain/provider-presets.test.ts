import { describe, expect, it } from 'vitest';
import { mailDomainOf, presetFor, presets, userNameFor } from './provider-presets.js';

describe('presetFor', () => {
  it('finds providers by a normalised domain', () => {
    expect(presetFor('  Anna@GoogleMail.COM. ')?.id).toBe('gmail');
    expect(presetFor('anna@gmx.ch')?.id).toBe('gmx');
    expect(presetFor('anna@web.de')?.hint).toBe('webde-enable-imap');
    expect(presetFor('anna@me.com')?.userName).toBe('local-part');
    expect(presetFor('anna@1und1.de')?.id).toBe('ionos');
  });

  it('knows every provider of R11', () => {
    const ids = presets.map((preset) => preset.id);
    for (const id of ['gmail', 'gmx', 'web.de', 't-online', 'ionos', 'strato', 'icloud', 'yahoo', 'fastmail', 'mailbox.org', 'posteo', 'outlook']) {
      expect(ids).toContain(id);
    }
  });

  it('sends Outlook.com, Hotmail, Live and MSN to the Microsoft sign-in', () => {
    for (const domain of ['outlook.com', 'hotmail.com', 'live.com', 'msn.com']) {
      const preset = presetFor(`kim@${domain}`);
      expect(preset?.redirect).toBe('microsoft-sign-in');
      expect(preset?.imap).toBeUndefined();
    }
  });

  it('uses IMAP on 993 with TLS and SMTP on 465/TLS or 587/STARTTLS for every password provider', () => {
    for (const preset of presets.filter((candidate) => candidate.redirect === undefined)) {
      expect(preset.imap).toMatchObject({ port: 993, security: 'tls' });
      expect([`465/tls`, `587/starttls`]).toContain(`${preset.smtp?.port}/${preset.smtp?.security}`);
    }
  });

  it('has each domain once', () => {
    const domains = presets.flatMap((preset) => preset.domains);
    expect(new Set(domains).size).toBe(domains.length);
  });

  it('finds nothing for other or malformed addresses', () => {
    expect(presetFor('olivia@acme.com')).toBeNull();
    expect(presetFor('gmx.de')).toBeNull();
    expect(presetFor('anna@')).toBeNull();
    expect(mailDomainOf('anna@bücher.de')).toBe('xn--bcher-kva.de');
  });
});

describe('userNameFor', () => {
  it('takes the address or its local part', () => {
    expect(userNameFor(' anna@icloud.com ', 'local-part')).toBe('anna');
    expect(userNameFor('anna@gmx.de', 'address')).toBe('anna@gmx.de');
  });
});
