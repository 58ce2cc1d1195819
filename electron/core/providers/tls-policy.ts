import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateException, CertificateInfo } from '../../../shared/model.js';

/**
 * The one place Hirebox decides whom it trusts over TLS (DESIGN.md "TLS"); IMAP (imapflow),
 * SMTP (nodemailer) and the connection test all take their `tls` options from here.
 *
 * - Certificates are always verified: against the system's roots, plus the extra
 *   authorities a test passes (`trustedCertificates`, never set by a shell).
 * - A certificate the user trusted by hand (an exception, pinned by its SHA-256
 *   fingerprint per host and port) is accepted for exactly that server, and only while
 *   the server shows exactly that certificate. Any other certificate must pass the normal
 *   checks; one that chains to the pinned certificate does not count as trusted.
 * - TLS 1.2 at least.
 */
export interface TlsPolicy {
  /** Extra certificate authorities (PEM) to trust beside the system's: for tests only. */
  trustedCertificates?: readonly string[] | undefined;
}

export interface TlsTarget {
  host: string;
  port: number;
  /** The mailbox's confirmed exceptions; only the one for this host and port applies. */
  exceptions?: readonly CertificateException[] | undefined;
}

/** The node `tls.connect` options for one server. */
export function tlsConnectionOptions(target: TlsTarget, policy: TlsPolicy = {}): tls.ConnectionOptions {
  const pinned = exceptionFor(target);
  const extra = [...(policy.trustedCertificates ?? []), ...(pinned === null ? [] : [pinned.pem])];
  const options: tls.ConnectionOptions = { rejectUnauthorized: true, minVersion: 'TLSv1.2' };
  if (extra.length > 0) options.ca = [...tls.rootCertificates, ...extra];
  if (pinned !== null) {
    const pin = normalizeFingerprint(pinned.fingerprint256);
    options.checkServerIdentity = (host, certificate) => {
      if (normalizeFingerprint(certificate.fingerprint256) === pin) return undefined;
      // The pinned certificate is in `ca` only to be accepted itself; a certificate issued
      // under it is a changed certificate, not a trusted one.
      if (chainOf(certificate).some((issuer) => normalizeFingerprint(issuer.fingerprint256) === pin)) {
        return Object.assign(new Error(`The certificate of ${target.host}:${target.port} changed since it was trusted by hand.`), { code: 'CERT_PIN_MISMATCH' });
      }
      return tls.checkServerIdentity(host, certificate);
    };
  }
  return options;
}

/**
 * Options for looking at a server's certificate without trusting it (the connection test):
 * the same authorities, but the verdict is read from the socket instead of ending the
 * handshake, so the test can show the certificate. Nothing is sent over such a socket
 * before `judgeCertificate` said yes.
 */
export function tlsInspectionOptions(host: string, policy: TlsPolicy = {}): tls.ConnectionOptions {
  const options = tlsConnectionOptions({ host, port: 0 }, policy);
  return { ...options, rejectUnauthorized: false, ...(net.isIP(host) === 0 ? { servername: host } : {}) };
}

export type CertificateVerdict =
  | { ok: true; pinned: boolean }
  | { ok: false; problem: 'expired' | 'not-yet-valid' | 'wrong-name' | 'untrusted' | 'changed' | 'other'; detail: string; certificate: CertificateInfo; pinnedFingerprint256?: string };

/** Judges the certificate of a socket opened with `tlsInspectionOptions`, by the rules of `tlsConnectionOptions`. */
export function judgeCertificate(socket: tls.TLSSocket, target: TlsTarget): CertificateVerdict {
  const peer = socket.getPeerCertificate(true);
  const certificate = certificateInfo(peer);
  const pinned = exceptionFor(target);
  if (pinned !== null && normalizeFingerprint(peer.fingerprint256) === normalizeFingerprint(pinned.fingerprint256)) {
    // The pin stands for the name and the issuer, not for the dates: OpenSSL checks those
    // for the pinned certificate too, so the test says so as well.
    const now = Date.now();
    if (now > Date.parse(certificate.validTo)) return { ok: false, problem: 'expired', detail: 'CERT_HAS_EXPIRED', certificate };
    if (now < Date.parse(certificate.validFrom)) return { ok: false, problem: 'not-yet-valid', detail: 'CERT_NOT_YET_VALID', certificate };
    return { ok: true, pinned: true };
  }
  const chainError = socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN');
  const nameError = chainError === null ? tls.checkServerIdentity(target.host, peer) : undefined;
  const code = chainError ?? (nameError === undefined ? null : 'ERR_TLS_CERT_ALTNAME_INVALID');
  if (code === null) return { ok: true, pinned: false };
  if (pinned !== null) return { ok: false, problem: 'changed', detail: code, certificate, pinnedFingerprint256: pinned.fingerprint256 };
  return { ok: false, problem: certificateProblem(code), detail: code, certificate };
}

const untrustedCodes = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

function certificateProblem(code: string): Exclude<CertificateVerdict, { ok: true }>['problem'] {
  if (code === 'CERT_HAS_EXPIRED') return 'expired';
  if (code === 'CERT_NOT_YET_VALID') return 'not-yet-valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'wrong-name';
  if (untrustedCodes.has(code)) return 'untrusted';
  return 'other';
}

/** The certificate as the user is shown it. */
export function certificateInfo(peer: tls.PeerCertificate): CertificateInfo {
  const x509 = new X509Certificate(peer.raw);
  const names = (x509.subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim().replace(/^(DNS|IP Address):/u, ''))
    .filter((entry) => entry !== '');
  return {
    fingerprint256: normalizeFingerprint(x509.fingerprint256),
    subject: x509.subject.replace(/\n/gu, ', '),
    issuer: x509.issuer.replace(/\n/gu, ', '),
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    names,
    pem: x509.toString(),
  };
}

/** The SHA-256 fingerprint of a PEM certificate; throws for anything that is not one. */
export function fingerprintOfPem(pem: string): string {
  return normalizeFingerprint(new X509Certificate(pem).fingerprint256);
}

/** Upper-case hex pairs joined by `:`, whatever form came in. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-f]/giu, '').toUpperCase();
  return hex.match(/.{2}/gu)?.join(':') ?? '';
}

/** The certificate the user trusted by hand for this host and port, or null. */
export function exceptionFor(target: TlsTarget): CertificateException | null {
  const host = target.host.trim().toLowerCase();
  return target.exceptions?.find((exception) => exception.host.trim().toLowerCase() === host && exception.port === target.port) ?? null;
}

function chainOf(certificate: tls.PeerCertificate | tls.DetailedPeerCertificate): tls.PeerCertificate[] {
  const chain: tls.PeerCertificate[] = [];
  let current = (certificate as tls.DetailedPeerCertificate).issuerCertificate;
  while (current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    if (current.issuerCertificate === current) break;
    current = current.issuerCertificate;
  }
  return chain;
}
