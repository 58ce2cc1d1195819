import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { isLoopbackHost, toImapFlowOptions, validateImapSettings, type ImapSettings } from './imap-settings.js';

const settings = (changes: Partial<ImapSettings> = {}): ImapSettings => ({ host: 'imap.example.com', port: 993, security: 'tls', user: 'anna', password: 'secret-pass', ...changes });

function refusal(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('IMAP settings', () => {
  it('knows the loopback names, and nothing else', () => {
    for (const host of ['127.0.0.1', '::1', '[::1]', 'localhost', 'LOCALHOST', ' localhost ']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1', 'imap.example.com', '0.0.0.0', '']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a connection without encryption to anything but loopback', () => {
    const error = refusal(() => validateImapSettings(settings({ security: 'none', host: 'imap.example.com', port: 143 })));
    expect(error).toMatchObject({ code: 'invalid-input', field: 'imap.security' });
    expect(error.message).toContain('imap.example.com');
    expect(() => validateImapSettings(settings({ security: 'none', host: '127.0.0.1', port: 143 }))).not.toThrow();
  });

  it('names the field at fault', () => {
    expect(refusal(() => validateImapSettings(settings({ host: ' ' })))).toMatchObject({ code: 'invalid-input', field: 'imap.host' });
    expect(refusal(() => validateImapSettings(settings({ host: 'imap.example.com/x' })))).toMatchObject({ field: 'imap.host' });
    for (const port of [0, 65_536, 993.5, Number.NaN]) expect(refusal(() => validateImapSettings(settings({ port }))), String(port)).toMatchObject({ field: 'imap.port' });
    expect(refusal(() => validateImapSettings(settings({ security: 'ssl' as never })))).toMatchObject({ field: 'imap.security' });
    expect(refusal(() => validateImapSettings(settings({ user: '' })))).toMatchObject({ field: 'imap.user' });
    expect(refusal(() => validateImapSettings(settings({ password: '' })))).toMatchObject({ field: 'imap.password' });
  });

  it('maps each security choice to imapflow, always verifying certificates', () => {
    const tls = toImapFlowOptions(settings({ security: 'tls' }), 12_000);
    expect(tls).toMatchObject({ secure: true, logger: false, disableAutoIdle: true, connectionTimeout: 12_000, greetingTimeout: 12_000, socketTimeout: 12_000 });
    expect(tls.doSTARTTLS).toBeUndefined();
    expect(tls.tls?.rejectUnauthorized).toBe(true);
    // STARTTLS is required when chosen: imapflow then refuses a server that does not offer it.
    expect(toImapFlowOptions(settings({ security: 'starttls', port: 143 }), 1).tls?.rejectUnauthorized).toBe(true);
    expect(toImapFlowOptions(settings({ security: 'starttls', port: 143 }), 1)).toMatchObject({ secure: false, doSTARTTLS: true });
    expect(toImapFlowOptions(settings({ security: 'none', host: 'localhost', port: 143 }), 1)).toMatchObject({ secure: false, doSTARTTLS: false });
  });
});
