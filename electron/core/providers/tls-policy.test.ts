import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { normalizeFingerprint, tlsConnectionOptions } from './tls-policy.js';

// The TLS policy (DESIGN.md "TLS"): verification is never off; a pinned certificate is
// accepted for its server only, and one issued under it is not. The handshakes themselves
// are tested against real servers in test/integration/connection-test.test.ts.

const pin = normalizeFingerprint('ab'.repeat(32));
const other = normalizeFingerprint('cd'.repeat(32));
const exception = { host: 'mail.acme.com', port: 993, fingerprint256: pin, pem: '-----BEGIN CERTIFICATE-----\n…' };
const peer = (fingerprint256: string, issuer?: tls.PeerCertificate) =>
  ({ fingerprint256, subject: { CN: 'other.example' }, subjectaltname: 'DNS:other.example', issuerCertificate: issuer }) as unknown as tls.PeerCertificate;

describe('tlsConnectionOptions', () => {
  it('always verifies, with TLS 1.2 at least, and the system roots unless more are added', () => {
    expect(tlsConnectionOptions({ host: 'mail.acme.com', port: 993 })).toEqual({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
    const withTestCa = tlsConnectionOptions({ host: 'mail.acme.com', port: 993 }, { trustedCertificates: ['TEST-CA'] });
    expect(withTestCa.rejectUnauthorized).toBe(true);
    expect(withTestCa.ca).toEqual([...tls.rootCertificates, 'TEST-CA']);
  });

  it('accepts the pinned certificate for its own host and port only', () => {
    const pinned = tlsConnectionOptions({ host: 'MAIL.acme.com', port: 993, exceptions: [exception] });
    expect(pinned.rejectUnauthorized).toBe(true);
    expect(pinned.ca).toContain(exception.pem);
    expect(pinned.checkServerIdentity!('mail.acme.com', peer(pin))).toBeUndefined();
    // Issued under the pinned certificate: a changed certificate, not a trusted one.
    expect(pinned.checkServerIdentity!('mail.acme.com', peer(other, peer(pin)))).toMatchObject({ code: 'CERT_PIN_MISMATCH' });
    // Any other certificate goes through the normal name check.
    expect(pinned.checkServerIdentity!('mail.acme.com', peer(other))).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    // Another port of the same host: no exception applies.
    expect(tlsConnectionOptions({ host: 'mail.acme.com', port: 465, exceptions: [exception] }).checkServerIdentity).toBeUndefined();
  });

  it('writes fingerprints one way', () => {
    expect(normalizeFingerprint('ab:cd:ef')).toBe('AB:CD:EF');
    expect(normalizeFingerprint('abcdef')).toBe('AB:CD:EF');
  });
});
