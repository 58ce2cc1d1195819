import nodemailer from 'nodemailer';
import type { ConnectionProblem, ProtocolCheck } from '../../../../shared/model.js';
import { probeConnection } from '../connection-probe.js';
import { hidePassword } from '../imap/imap-errors.js';
import { smtpTransportOptions, type SmtpSettings } from './smtp-options.js';

/**
 * The connection test of an SMTP server (R11): name lookup, TCP, TLS (STARTTLS required
 * when chosen), the AUTH capability, then the login through nodemailer's `verify()` with
 * exactly the options sending will use. Never throws for the server's sake: every failure
 * is a step with a problem code.
 */
export async function checkSmtp(settings: SmtpSettings, options: { timeoutMs?: number } = {}): Promise<ProtocolCheck> {
  const base = { protocol: 'smtp' as const, host: settings.host.trim(), port: settings.port, security: settings.security };
  const probe = await probeConnection({ ...base, exceptions: settings.certificateExceptions, policy: settings.tlsPolicy, timeoutMs: options.timeoutMs });
  if (!probe.ok) return { ...base, ok: false, steps: [...probe.steps, { step: 'auth', status: 'skipped' }] };
  const problem = await verifyLogin(settings, options.timeoutMs);
  const auth = problem === null ? { step: 'auth' as const, status: 'ok' as const } : { step: 'auth' as const, status: 'failed' as const, problem };
  return { ...base, ok: problem === null, steps: [...probe.steps, auth] };
}

async function verifyLogin(settings: SmtpSettings, timeoutMs: number | undefined): Promise<ConnectionProblem | null> {
  const transport = nodemailer.createTransport(smtpTransportOptions(settings, timeoutMs));
  try {
    await transport.verify();
    return null;
  } catch (error) {
    const failure = error as { code?: string; responseCode?: number; message?: string };
    if (failure.code === 'EAUTH' || failure.responseCode === 535 || failure.responseCode === 534) return { code: 'auth-failed' };
    return { code: 'server-error', detail: hidePassword(String(failure.message ?? error), settings.password).slice(0, 200) };
  } finally {
    transport.close();
  }
}
