import type { TFunction } from 'i18next';
import { assertNever } from '../../../shared/assert-never.js';
import { isErrorCode } from '../../../shared/errors.js';
import type { Language } from '../../../shared/model.js';
import type { MailboxStatus } from '../../../shared/status.js';
import { formatListDate } from '../format.js';
import { describeError } from './error-text.js';

/**
 * Why sync stopped. The same codes mean something else here than for a call to the
 * engine: `network` is the mail server out of reach, not Hirebox. Codes without their
 * own sync words (auth, storage) take the words of the error table.
 */
function describeSyncProblem(code: string, t: TFunction, language: Language): string {
  switch (code) {
    case 'network':
      return t('mailboxStatus.reasonNetwork');
    case 'timeout':
      return t('mailboxStatus.reasonTimeout');
    case 'rate-limited':
      return t('mailboxStatus.reasonRateLimited');
    case 'auth-expired':
      return t('mailboxStatus.reasonAuthExpired');
    case 'disk-full':
      return t('mailboxStatus.reasonDiskFull');
    default:
      return isErrorCode(code) && code !== 'internal'
        ? describeError({ code, message: '', retryable: false }, language)
        : t('mailboxStatus.reasonOther');
  }
}

/** A mailbox status (R14) in words. */
export function describeMailboxStatus(status: MailboxStatus, t: TFunction, language: Language): string {
  switch (status.state) {
    case 'connecting':
      return t('mailboxStatus.connecting');
    case 'syncing': {
      const phase = t(`mailboxStatus.phase.${status.phase}`);
      if (status.total !== undefined && status.total > 0) {
        return t('mailboxStatus.syncingProgress', { phase, done: status.done, total: status.total });
      }
      return status.done > 0 ? t('mailboxStatus.syncingCount', { phase, done: status.done }) : t('mailboxStatus.syncing', { phase });
    }
    case 'up-to-date':
      return t('mailboxStatus.upToDate');
    case 'paused':
      return t('mailboxStatus.paused');
    case 'offline':
      return withNextTry(t('mailboxStatus.offline'), status.retryAt, t, language);
    case 'server-unreachable':
      return withNextTry(t('mailboxStatus.serverUnreachable', { cause: t(`mailboxStatus.cause.${status.cause}`) }), status.retryAt, t, language);
    case 'tls-problem':
      return withNextTry(t('mailboxStatus.tlsProblem', { problem: t(`mailboxStatus.tls.${status.problem}`) }), status.retryAt, t, language);
    case 'rate-limited':
      return status.retryAt
        ? `${t('mailboxStatus.rateLimited')}. ${t('mailboxStatus.waitsUntil', { time: formatListDate(status.retryAt, language) })}`
        : t('mailboxStatus.rateLimited');
    case 'auth-required':
      switch (status.kind) {
        case 'password-rejected':
          return t('mailboxStatus.authPasswordRejected');
        case 'token-expired':
          return t('mailboxStatus.authTokenExpired');
        case 'token-revoked':
          return t('mailboxStatus.authTokenRevoked');
        case 'consent-missing':
          return t('mailboxStatus.authConsentMissing');
        default:
          return assertNever(status.kind);
      }
    case 'error':
      return withNextTry(t('mailboxStatus.error', { reason: describeSyncProblem(status.code, t, language) }), status.retryAt, t, language);
    default:
      return assertNever(status);
  }
}

/** `text`, then when the engine tries again by itself ("Next try 14:05."). */
function withNextTry(text: string, retryAt: string | undefined, t: TFunction, language: Language): string {
  return retryAt ? `${text}${/[.!?]$/u.test(text) ? '' : '.'} ${t('mailboxStatus.retryAt', { time: formatListDate(retryAt, language) })}` : text;
}

/**
 * What the user can do about a status: `retry-now` (sync at once instead of waiting for
 * the next try), `connection-test` (see where the connection fails; trust a certificate).
 * A rate limit offers nothing — trying sooner only prolongs it — and a refused password
 * has its own "try again".
 */
export type MailboxStatusAction = 'retry-now' | 'connection-test';

export function mailboxStatusActions(status: MailboxStatus): readonly MailboxStatusAction[] {
  switch (status.state) {
    case 'offline':
      return ['retry-now'];
    case 'server-unreachable':
      return ['retry-now', 'connection-test'];
    case 'tls-problem':
      return ['connection-test', 'retry-now'];
    case 'error':
      return status.retryAt ? ['retry-now'] : [];
    case 'connecting':
    case 'syncing':
    case 'up-to-date':
    case 'paused':
    case 'rate-limited':
    case 'auth-required':
      return [];
    default:
      return assertNever(status);
  }
}

/** The sentence under the status that says what to do about it (R14), or null when nothing needs saying. */
export function describeMailboxAdvice(status: MailboxStatus, t: TFunction): string | null {
  switch (status.state) {
    case 'offline':
      return t('mailboxStatus.advice.offline');
    case 'server-unreachable':
      return t('mailboxStatus.advice.serverUnreachable');
    case 'tls-problem':
      return status.problem === 'certificate-untrusted' || status.problem === 'certificate-changed'
        ? t('mailboxStatus.advice.tlsTrust')
        : t('mailboxStatus.advice.tlsSettings');
    case 'rate-limited':
      return t('mailboxStatus.advice.rateLimited');
    case 'auth-required':
      return status.kind === 'password-rejected' ? t('mailboxStatus.advice.passwordRejected') : null;
    case 'error':
      return status.code === 'disk-full' ? t('mailboxStatus.advice.diskFull') : null;
    case 'connecting':
    case 'syncing':
    case 'up-to-date':
    case 'paused':
      return null;
    default:
      return assertNever(status);
  }
}
