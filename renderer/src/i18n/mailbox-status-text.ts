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
      if (status.total !== undefined) {
        return t('mailboxStatus.syncingProgress', { phase, done: status.done, total: status.total });
      }
      return status.done > 0 ? t('mailboxStatus.syncingCount', { phase, done: status.done }) : t('mailboxStatus.syncing', { phase });
    }
    case 'up-to-date':
      return t('mailboxStatus.upToDate');
    case 'paused':
      return t('mailboxStatus.paused');
    case 'offline':
      return t('mailboxStatus.offline');
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
    case 'error': {
      const text = t('mailboxStatus.error', { reason: describeSyncProblem(status.code, t, language) });
      return status.retryAt
        ? `${text} ${t('mailboxStatus.retryAt', { time: formatListDate(status.retryAt, language) })}`
        : text;
    }
    default:
      return assertNever(status);
  }
}
