/**
 * Migration 4: certificates a user trusted by hand (DESIGN.md "TLS", issue 6).
 *
 * `certificate_exceptions`: per mailbox and server (host and port), the one certificate
 * the user confirmed although it is self-signed or from an authority this computer does
 * not trust: its SHA-256 fingerprint (upper-case hex pairs joined by `:`) and the
 * certificate itself (PEM, public), so that TLS can accept exactly it and nothing else.
 * They go with their mailbox.
 *
 * Never edit this text after a release: add `005-...` instead.
 */
export const version = 4;

export const sql = /* sql */ `
CREATE TABLE certificate_exceptions (
  mailbox_id TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  host TEXT NOT NULL CHECK (host <> '' AND host = lower(host)),
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  fingerprint_sha256 TEXT NOT NULL CHECK (length(fingerprint_sha256) = 95),
  certificate_pem TEXT NOT NULL CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
  confirmed_at TEXT NOT NULL,
  PRIMARY KEY (mailbox_id, host, port)
);
`;
