import { z } from 'zod';
import type { MailboxStatus } from '../../../../shared/status.js';

const mailboxStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connecting') }),
  z.object({
    state: z.literal('syncing'),
    phase: z.enum(['folders', 'initial-window', 'rescan', 'changes', 'backfill', 'bodies']),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().optional(),
  }),
  z.object({ state: z.literal('up-to-date') }),
  z.object({ state: z.literal('paused') }),
  z.object({ state: z.literal('offline'), retryAt: z.string().optional() }),
  z.object({
    state: z.literal('server-unreachable'),
    cause: z.enum(['refused', 'timed-out', 'host-not-found', 'host-unreachable', 'connection-lost', 'unavailable']),
    retryAt: z.string().optional(),
  }),
  z.object({
    state: z.literal('tls-problem'),
    problem: z.enum(['certificate-untrusted', 'certificate-changed', 'certificate-invalid', 'handshake']),
    retryAt: z.string().optional(),
  }),
  z.object({ state: z.literal('rate-limited'), retryAt: z.string().optional() }),
  z.object({
    state: z.literal('auth-required'),
    kind: z.enum(['password-rejected', 'token-expired', 'token-revoked', 'consent-missing']),
  }),
  z.object({ state: z.literal('error'), code: z.string(), message: z.string(), retryAt: z.string().optional() }),
]) satisfies z.ZodType<MailboxStatus>;

/**
 * The stored status JSON as a `MailboxStatus` (R14). A value this build cannot read (a
 * newer build's state, a damaged row) shows as an error the user sees, not as a crash of
 * the whole mailbox list.
 */
export function parseMailboxStatus(json: string): MailboxStatus {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  const parsed = mailboxStatus.safeParse(value);
  if (parsed.success) return parsed.data;
  return { state: 'error', code: 'internal', message: 'The stored status of this mailbox cannot be read.' };
}
