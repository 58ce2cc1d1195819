import { describe, expect, it } from 'vitest';
import { parseStoredSettings } from './mailbox-settings.js';

describe('stored mailbox settings', () => {
  const imap = { provider: 'imap', userName: 'anna', imap: { host: 'imap.example.org', port: 993, security: 'tls' }, smtp: { host: 'smtp.example.org', port: 465, security: 'tls' } };

  it('reads IMAP and Gmail rows by their provider', () => {
    expect(parseStoredSettings(imap)).toEqual(imap);
    const gmail = { provider: 'gmail', address: 'anna@gmail.com', clientId: '123-abc.apps.googleusercontent.com' };
    expect(parseStoredSettings(gmail)).toEqual(gmail);
    const local = { ...gmail, rootUrl: 'http://127.0.0.1:4000/', oauthEndpoints: { authorizeUrl: 'http://127.0.0.1:4000/o/oauth2/v2/auth', tokenUrl: 'http://127.0.0.1:4000/token', revokeUrl: 'http://127.0.0.1:4000/revoke' } };
    expect(parseStoredSettings(local)).toEqual(local);
  });

  it('refuses a damaged row with a clear error instead of a cast', () => {
    for (const damaged of [
      { provider: 'gmail', address: 'anna@gmail.com' },
      { provider: 'gmail', address: 'not an address', clientId: 'x' },
      { provider: 'gmail', address: 'anna@gmail.com', clientId: 'x', rootUrl: 'file:///etc/passwd' },
      { ...imap, provider: 'gmail' },
      { provider: 'pop3' },
    ]) {
      expect(() => parseStoredSettings(damaged)).toThrow(expect.objectContaining({ code: 'internal', field: 'connection' }));
    }
  });
});
