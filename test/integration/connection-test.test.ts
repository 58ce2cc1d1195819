import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/contract.js';
import type { ConnectionTestReport, ProtocolCheck } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { checkImapConnection } from '../../electron/core/providers/imap/index.js';
import { smtpTransportOptions } from '../../electron/core/providers/smtp/smtp-options.js';
import { openTestEngine, setUpWorkspace, value, type TestEngine } from '../support/engine.js';
import { findFreePorts } from '../support/mail-servers/free-ports.js';
import {
  createTestCa,
  startDovecot,
  startSmtpServer,
  startStartTlsStripper,
  type Dovecot,
  type SmtpServer,
  type StartTlsStripper,
  type TestCa,
  type TestCertificate,
} from '../support/mail-servers/index.js';

/**
 * The connection test (R11, DESIGN.md "TLS", issue 6) through the contract, against a TLS
 * Dovecot and TLS smtp-servers whose certificates come from a test CA made with openssl:
 * trusted → connects (TLS and STARTTLS); untrusted, wrong name, expired → refused at the
 * TLS step with the certificate; a proxy that strips STARTTLS → refused; a certificate
 * trusted by hand → connects, and refused again once the server shows another one; wrong
 * password → the login step with the provider's hint; unknown host → name lookup; closed
 * port → TCP.
 */

const alice = { address: 'alice@hirebox.test', password: 'alice-password' };
const host = '127.0.0.1';

let ca: TestCa;
let good: TestCertificate;
let dovecot: Dovecot;
let selfSignedDovecot: Dovecot;
let selfSignedA: TestCertificate;
let smtps: SmtpServer;
let submission: SmtpServer;
let wrongNameSmtp: SmtpServer;
let expiredSmtp: SmtpServer;
let imapStripper: StartTlsStripper;
let smtpStripper: StartTlsStripper;
let trusting: TestEngine;
let plain: TestEngine;

beforeAll(async () => {
  ca = createTestCa();
  good = ca.issue('127.0.0.1');
  selfSignedA = ca.selfSigned('127.0.0.1');
  [dovecot, selfSignedDovecot] = await Promise.all([startDovecot({ tls: good }), startDovecot({ tls: selfSignedA })]);
  const wrongName = ca.issue('mail.example.org', { names: ['mail.example.org'] });
  const expired = ca.issue('127.0.0.1', { notBefore: '20240101000000Z', notAfter: '20240201000000Z' });
  [smtps, submission, wrongNameSmtp, expiredSmtp] = await Promise.all([
    startSmtpServer(dovecot, { tls: { mode: 'tls', cert: good.cert, key: good.key } }),
    startSmtpServer(dovecot, { tls: { mode: 'starttls', cert: good.cert, key: good.key } }),
    startSmtpServer(dovecot, { tls: { mode: 'tls', cert: wrongName.cert, key: wrongName.key } }),
    startSmtpServer(dovecot, { tls: { mode: 'tls', cert: expired.cert, key: expired.key } }),
  ]);
  imapStripper = await startStartTlsStripper({ host, port: dovecot.imapPort }, 'imap');
  smtpStripper = await startStartTlsStripper({ host, port: submission.port }, 'smtp');
  trusting = openTestEngine({ trustedCertificates: [ca.cert] });
  plain = openTestEngine();
  await setUpWorkspace(trusting.engine);
  await setUpWorkspace(plain.engine);
}, 60_000);

afterAll(async () => {
  await trusting?.dispose();
  await plain?.dispose();
  await Promise.all([imapStripper?.close(), smtpStripper?.close()]);
  await Promise.all([smtps, submission, wrongNameSmtp, expiredSmtp].map((server) => server?.close()));
  await Promise.all([dovecot?.stop(), selfSignedDovecot?.stop()]);
  ca?.remove();
});

type Settings = Extract<InputOf<'mailboxes:test-connection'>, { address: string }>;

function settings(imap: { port: number; security: 'tls' | 'starttls' | 'none'; host?: string }, smtp: { port: number; security: 'tls' | 'starttls' | 'none'; host?: string }, changes: Partial<Settings> = {}): Settings {
  return {
    // Not connected anywhere: testing the settings of a connected address is refused (R8).
    address: 'tester@hirebox.test',
    userName: alice.address,
    password: alice.password,
    imap: { host, ...imap },
    smtp: { host, ...smtp },
    ...changes,
  };
}

async function test(subject: TestEngine, input: InputOf<'mailboxes:test-connection'>): Promise<ConnectionTestReport> {
  return value(await subject.engine.call(installationOwner, 'mailboxes:test-connection', input));
}

/** `step:status` (and the problem's code) for each step, for compact comparisons. */
function outline(check: ProtocolCheck): string[] {
  return check.steps.map((step) => `${step.step}:${step.status}${step.problem ? `:${step.problem.code}` : ''}`);
}

/** The report's check of one protocol; a report without it fails the test. */
function checkOf(report: ConnectionTestReport, protocol: ProtocolCheck['protocol']): ProtocolCheck {
  const check = report.checks.find((entry) => entry.protocol === protocol);
  if (check === undefined) throw new Error(`the report has no ${protocol} check`);
  return check;
}
const imapOf = (report: ConnectionTestReport) => checkOf(report, 'imap');
const smtpOf = (report: ConnectionTestReport) => checkOf(report, 'smtp');

const allOk = ['dns:ok', 'tcp:ok', 'tls:ok', 'capabilities:ok', 'auth:ok'];

describe('a server whose certificate the test CA vouches for', () => {
  it('passes every step over TLS and over STARTTLS, for IMAP and SMTP', async () => {
    const direct = await test(trusting, settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: smtps.port, security: 'tls' }));
    expect(direct.ok).toBe(true);
    expect(outline(imapOf(direct))).toEqual(allOk);
    expect(outline(smtpOf(direct))).toEqual(allOk);
    const upgraded = await test(trusting, settings({ port: dovecot.imapPort, security: 'starttls' }, { port: submission.port, security: 'starttls' }));
    expect(upgraded.ok).toBe(true);
    expect(outline(imapOf(upgraded))).toEqual(allOk);
    expect(outline(smtpOf(upgraded))).toEqual(allOk);
  });

  it('connects and syncs over TLS', async () => {
    const input = settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: submission.port, security: 'starttls' }, { address: alice.address });
    const mailbox = value(await trusting.engine.call(installationOwner, 'mailboxes:connect', input));
    expect(value(await trusting.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }))).toMatchObject({ headersScanned: 0 });
    const again = await test(trusting, { mailboxId: mailbox.id });
    expect(again.ok).toBe(true);
    // Testing the settings of an address connected already is refused as connect would be (R8).
    const twice = await trusting.engine.call(installationOwner, 'mailboxes:test-connection', input);
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict', rule: 'R8', field: 'address' } });
  });
});

describe('certificates that are not to be trusted', () => {
  it('refuses a certificate from an unknown authority at the TLS step, showing it', async () => {
    const report = await test(plain, settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: submission.port, security: 'starttls' }));
    expect(report.ok).toBe(false);
    expect(outline(imapOf(report))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:certificate-untrusted', 'capabilities:skipped', 'auth:skipped']);
    expect(outline(smtpOf(report))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:certificate-untrusted', 'capabilities:skipped', 'auth:skipped']);
    const problem = imapOf(report).steps[2]!.problem!;
    expect(problem).toMatchObject({ code: 'certificate-untrusted', certificate: { subject: 'CN=127.0.0.1', issuer: 'O=Hirebox tests, CN=Hirebox Test CA', names: ['127.0.0.1', 'localhost'] } });
    if (problem.code !== 'certificate-untrusted') throw new Error('unreachable');
    expect(problem.certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    // Connecting runs the same test and saves nothing.
    const connect = await plain.engine.call(installationOwner, 'mailboxes:connect', settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: submission.port, security: 'starttls' }));
    expect(connect).toMatchObject({ ok: false, error: { code: 'network', field: 'imap.security' } });
    expect(value(await plain.engine.call(installationOwner, 'mailboxes:list', {})).items).toEqual([]);
  });

  it('refuses a certificate for another name, and an expired one', async () => {
    const wrongName = await test(trusting, settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: wrongNameSmtp.port, security: 'tls' }));
    expect(outline(imapOf(wrongName))).toEqual(allOk);
    expect(outline(smtpOf(wrongName))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:certificate-wrong-name', 'capabilities:skipped', 'auth:skipped']);
    expect(smtpOf(wrongName).steps[2]!.problem).toMatchObject({ certificate: { names: ['mail.example.org'] } });
    const expired = await test(trusting, settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: expiredSmtp.port, security: 'tls' }));
    expect(outline(smtpOf(expired))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:certificate-expired', 'capabilities:skipped', 'auth:skipped']);
    expect(smtpOf(expired).steps[2]!.problem).toMatchObject({ certificate: { validTo: '2024-02-01T00:00:00.000Z' } });
  });

  it('says so when TLS is chosen for a port that speaks plain text', async () => {
    const report = await test(trusting, settings({ port: dovecot.imapPort, security: 'tls' }, { port: submission.port, security: 'tls' }));
    expect(imapOf(report).steps.find((step) => step.step === 'tls')).toMatchObject({ status: 'failed', problem: { code: 'not-tls' } });
  });
});

describe('a proxy that strips STARTTLS', () => {
  it('is refused at the TLS step, for IMAP and SMTP', async () => {
    const report = await test(trusting, settings({ port: imapStripper.port, security: 'starttls' }, { port: smtpStripper.port, security: 'starttls' }));
    expect(outline(imapOf(report))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:starttls-missing', 'capabilities:skipped', 'auth:skipped']);
    expect(outline(smtpOf(report))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:starttls-missing', 'capabilities:skipped', 'auth:skipped']);
  });

  it('is refused by the clients sync and sending use, before any password is sent', async () => {
    await expect(
      checkImapConnection({ host, port: imapStripper.port, security: 'starttls', user: alice.address, password: alice.password, tlsPolicy: { trustedCertificates: [ca.cert] } }),
    ).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/STARTTLS/) });
    const transport = nodemailer.createTransport(
      smtpTransportOptions({ host, port: smtpStripper.port, security: 'starttls', user: alice.address, password: alice.password, tlsPolicy: { trustedCertificates: [ca.cert] } }),
    );
    try {
      await expect(transport.verify()).rejects.toMatchObject({ code: 'ETLS' });
    } finally {
      transport.close();
    }
    // The stripped session never reached AUTH: the SMTP server received nothing.
    expect(submission.received).toEqual([]);
  });
});

describe('a self-signed certificate trusted by hand', () => {
  it('connects once confirmed, and is refused again when the server shows another certificate', async () => {
    const input = settings({ port: selfSignedDovecot.imapsPort!, security: 'tls' }, { port: smtps.port, security: 'tls' }, { address: 'bob@hirebox.test', userName: 'bob@hirebox.test', password: 'bob-password' });
    const first = await test(trusting, input);
    expect(outline(imapOf(first))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:certificate-untrusted', 'capabilities:skipped', 'auth:skipped']);
    expect(outline(smtpOf(first))).toEqual(allOk);
    const problem = imapOf(first).steps[2]!.problem!;
    if (problem.code !== 'certificate-untrusted') throw new Error(`expected untrusted, got ${problem.code}`);
    const exception = { host, port: selfSignedDovecot.imapsPort!, fingerprint256: problem.certificate.fingerprint256, pem: problem.certificate.pem };

    // A confirmation that does not match the certificate, or names another server, is refused.
    const forged = await trusting.engine.call(installationOwner, 'mailboxes:test-connection', { ...input, certificateExceptions: [{ ...exception, fingerprint256: '00:'.repeat(31) + '00' }] });
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'certificateExceptions.0' } });
    const elsewhere = await trusting.engine.call(installationOwner, 'mailboxes:test-connection', { ...input, certificateExceptions: [{ ...exception, port: 1 }] });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'certificateExceptions.0' } });

    const confirmed = await test(trusting, { ...input, certificateExceptions: [exception] });
    expect(confirmed.ok).toBe(true);
    const mailbox = value(await trusting.engine.call(installationOwner, 'mailboxes:connect', { ...input, certificateExceptions: [exception] }));
    value(await trusting.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect((await test(trusting, { mailboxId: mailbox.id })).ok).toBe(true);

    // The server now shows another self-signed certificate: refused, by the test and by sync.
    await selfSignedDovecot.useCertificate(ca.selfSigned('127.0.0.1'));
    const changed = await test(trusting, { mailboxId: mailbox.id });
    expect(outline(imapOf(changed))).toEqual(['dns:ok', 'tcp:ok', 'tls:failed:certificate-changed', 'capabilities:skipped', 'auth:skipped']);
    expect(imapOf(changed).steps[2]!.problem).toMatchObject({ code: 'certificate-changed', pinnedFingerprint256: exception.fingerprint256 });
    const sync = await trusting.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id });
    expect(sync.ok).toBe(false);
    const listed = value(await trusting.engine.call(installationOwner, 'mailboxes:list', {})).items.find((item) => item.id === mailbox.id);
    // The row says why and points to the connection test, where the new certificate can be trusted.
    expect(listed?.status).toMatchObject({ state: 'tls-problem', problem: 'certificate-changed' });

    // The user compares the new fingerprint and trusts the new certificate: sync works again.
    const renewed = imapOf(changed).steps[2]!.problem!;
    if (renewed.code !== 'certificate-changed') throw new Error('unreachable');
    expect(renewed.certificate.fingerprint256).not.toBe(exception.fingerprint256);
    const wrongPem = await trusting.engine.call(installationOwner, 'mailboxes:trust-certificate', { mailboxId: mailbox.id, certificate: { ...exception, fingerprint256: renewed.certificate.fingerprint256 } });
    expect(wrongPem).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'certificate' } });
    const retrusted = value(await trusting.engine.call(installationOwner, 'mailboxes:trust-certificate', {
      mailboxId: mailbox.id,
      certificate: { host, port: selfSignedDovecot.imapsPort!, fingerprint256: renewed.certificate.fingerprint256, pem: renewed.certificate.pem },
    }));
    expect(retrusted.ok).toBe(true);
    value(await trusting.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));

    // Sending honours the pinned certificate too: the Sent copy goes in over the same IMAP.
    const carla = value(await trusting.engine.call(installationOwner, 'candidates:create', { name: 'Carla Conti', addresses: ['carla@example.org'] }));
    value(await trusting.engine.call(installationOwner, 'preferences:update', { undoSendSeconds: 0 }));
    const queued = value(await trusting.engine.call(installationOwner, 'outbox:send', { mailboxId: mailbox.id, candidateId: carla.id, to: ['carla@example.org'], subject: 'Our call', body: 'Hi Carla' }));
    const deadline = Date.now() + 20_000;
    let state = queued.state.state;
    while (state !== 'filed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = value(await trusting.engine.call(installationOwner, 'outbox:list', {})).items.find((item) => item.id === queued.id)!.state.state;
    }
    expect(state).toBe('filed');
  }, 40_000);
});

describe('steps before and after TLS', () => {
  it('names the login step with the provider’s hint for a wrong password', async () => {
    const report = await test(trusting, settings({ port: dovecot.imapsPort!, security: 'tls' }, { port: smtps.port, security: 'tls' }, { address: 'alice@gmx.de', password: 'wrong-password' }));
    expect(outline(imapOf(report))).toEqual(['dns:ok', 'tcp:ok', 'tls:ok', 'capabilities:ok', 'auth:failed:auth-failed']);
    expect(imapOf(report).steps[4]!.problem).toEqual({ code: 'auth-failed', hint: 'gmx-enable-imap' });
    expect(smtpOf(report).steps[4]!.problem).toEqual({ code: 'auth-failed', hint: 'gmx-enable-imap' });
    expect(JSON.stringify(report)).not.toContain('wrong-password');
  });

  it('names the lookup step for an unknown host and the TCP step for a closed port', async () => {
    const [closedPort] = await findFreePorts(1);
    const report = await test(trusting, settings({ host: 'no-such-host.invalid', port: 993, security: 'tls' }, { port: closedPort!, security: 'tls' }));
    expect(outline(imapOf(report))).toEqual(['dns:failed:host-not-found', 'tcp:skipped', 'tls:skipped', 'capabilities:skipped', 'auth:skipped']);
    expect(outline(smtpOf(report))).toEqual(['dns:ok', 'tcp:failed:connection-refused', 'tls:skipped', 'capabilities:skipped', 'auth:skipped']);
  });

  it('refuses bad settings before any network', async () => {
    const plainText = await trusting.engine.call(installationOwner, 'mailboxes:test-connection', settings({ host: 'mail.example.com', port: 143, security: 'none' }, { port: smtps.port, security: 'tls' }));
    expect(plainText).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'imap.security' } });
  });
});
