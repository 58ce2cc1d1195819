import type { ConnectionProblem, ProtocolCheck } from '../../../../shared/model.js';
import { AppError } from '../../errors.js';
import { probeConnection } from '../connection-probe.js';
import { checkImapConnection } from './imap-connection.js';
import type { ImapSettings } from './imap-settings.js';

/**
 * The connection test of an IMAP server (R11): name lookup, TCP, TLS (STARTTLS required
 * when chosen), IMAP4rev1, then the login through imapflow with exactly the options sync
 * uses. Never throws for the server's sake: every failure is a step with a problem code.
 */
export async function checkImap(settings: ImapSettings, options: { timeoutMs?: number } = {}): Promise<ProtocolCheck> {
  const base = { protocol: 'imap' as const, host: settings.host.trim(), port: settings.port, security: settings.security };
  const probe = await probeConnection({ ...base, exceptions: settings.certificateExceptions, policy: settings.tlsPolicy, timeoutMs: options.timeoutMs });
  if (!probe.ok) return { ...base, ok: false, steps: [...probe.steps, { step: 'auth', status: 'skipped' }] };
  let problem: ConnectionProblem | null = null;
  try {
    await checkImapConnection(settings, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  } catch (error) {
    problem = error instanceof AppError && error.code === 'auth-required' ? { code: 'auth-failed' } : { code: 'server-error', detail: (error instanceof Error ? error.message : String(error)).slice(0, 200) };
  }
  const auth = problem === null ? { step: 'auth' as const, status: 'ok' as const } : { step: 'auth' as const, status: 'failed' as const, problem };
  return { ...base, ok: problem === null, steps: [...probe.steps, auth] };
}
