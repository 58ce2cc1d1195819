import { describe, expect, it } from 'vitest';
import { classifySmtpFailure } from './smtp-errors.js';

// nodemailer's error shapes as its SMTP connection builds them (_formatError).
const error = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe('classifySmtpFailure (R15: may the server have accepted it?)', () => {
  it('a connection refused before anything was said: unreachable, not sent', () => {
    const failure = classifySmtpFailure(error({ code: 'ECONNECTION', originalCode: 'ECONNREFUSED', command: 'CONN' }), { dataStarted: false });
    expect(failure).toMatchObject({ outcome: 'not-sent', kind: 'unreachable' });
    expect(classifySmtpFailure(error({ code: 'ECONNREFUSED' }), { dataStarted: false })).toMatchObject({ kind: 'unreachable' });
  });

  it('a 421 greeting or reply before DATA: temporary, with the server’s words', () => {
    const failure = classifySmtpFailure(error({ code: 'EPROTOCOL', response: '421 4.3.2 Service not available, try later', responseCode: 421, command: 'CONN' }), { dataStarted: false });
    expect(failure).toMatchObject({ outcome: 'not-sent', kind: 'temporary', responseCode: 421 });
    expect(failure.reason).toContain('421 4.3.2 Service not available');
  });

  it('every recipient refused with 5xx: permanent, naming the reply', () => {
    const failure = classifySmtpFailure(error({ code: 'EENVELOPE', response: '550 5.1.1 No such user', responseCode: 550, command: 'RCPT TO' }), { dataStarted: false });
    expect(failure).toMatchObject({ outcome: 'not-sent', kind: 'permanent', responseCode: 550 });
    expect(failure.reason).toBe('The server refused every recipient: 550 5.1.1 No such user');
  });

  it('a refusal of the message after its content: not sent, permanent for 5xx and temporary for 4xx', () => {
    expect(classifySmtpFailure(error({ code: 'EMESSAGE', response: '554 5.7.1 Spam', responseCode: 554, command: 'DATA' }), { dataStarted: true })).toMatchObject({ outcome: 'not-sent', kind: 'permanent' });
    expect(classifySmtpFailure(error({ code: 'EMESSAGE', response: '451 4.3.0 Local error', responseCode: 451, command: 'DATA' }), { dataStarted: true })).toMatchObject({ outcome: 'not-sent', kind: 'temporary' });
  });

  it('the connection lost after the content began: outcome unknown', () => {
    expect(classifySmtpFailure(error({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }), { dataStarted: true })).toMatchObject({ outcome: 'unknown' });
    expect(classifySmtpFailure(error({ code: 'ETIMEDOUT' }), { dataStarted: true })).toMatchObject({ outcome: 'unknown' });
  });

  it('the connection lost before DATA: temporary, safe to retry', () => {
    expect(classifySmtpFailure(error({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }), { dataStarted: false })).toMatchObject({ outcome: 'not-sent', kind: 'temporary' });
  });

  it('a refused login waits for the user (not retried) and never shows the password', () => {
    const failure = classifySmtpFailure(error({ code: 'EAUTH', response: '535 bad credentials for s3cret', responseCode: 535, command: 'AUTH PLAIN' }), { dataStarted: false, password: 's3cret' });
    expect(failure).toMatchObject({ outcome: 'not-sent', kind: 'auth-refused' });
    expect(failure.reason).not.toContain('s3cret');
  });

  it('retries a temporary authentication failure (454, RFC 4954) instead of holding the mailbox', () => {
    const failure = classifySmtpFailure(error({ code: 'EAUTH', response: '454 4.7.0 Temporary authentication failure', responseCode: 454, command: 'AUTH PLAIN' }), { dataStarted: false, password: 's3cret' });
    expect(failure).toMatchObject({ outcome: 'not-sent', kind: 'temporary' });
  });
});
