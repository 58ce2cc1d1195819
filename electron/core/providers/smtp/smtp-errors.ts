/**
 * What a failed SMTP transaction means for the outbox (R15). The one question that
 * matters: may the server have accepted the message?
 * - `not-sent`: the transaction ended before the message's content was sent, or the
 *   server answered the end of DATA with a refusal — nothing was accepted, so trying
 *   again cannot send it twice.
 * - `unknown`: the connection broke after the content began and before the server's
 *   answer (RFC 5321 §4.1.1.4: only the reply to the final "." says whether the server took
 *   responsibility). Never retried by itself.
 */
export type SmtpFailureOutcome = 'not-sent' | 'unknown';

/**
 * For `not-sent`: `unreachable` (no connection, nothing asked yet: wait in the queue),
 * `temporary` (a 4xx reply, a lost connection: try again later), `auth-refused` (the server
 * refused the login: the mailbox waits for the user, as sync does for a refused IMAP
 * password — retrying a wrong password only locks the account) or `permanent` (a 5xx reply
 * to every recipient, to MAIL FROM or to DATA: trying again will not help; `reason` holds
 * the server's words).
 */
export type SmtpFailureKind = 'unreachable' | 'temporary' | 'auth-refused' | 'permanent';

export class SmtpSendFailure extends Error {
  constructor(
    readonly outcome: SmtpFailureOutcome,
    readonly kind: SmtpFailureKind,
    /** In words, with the server's reply where it gave one; never the password. */
    readonly reason: string,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode: number | null,
  ) {
    super(reason);
    this.name = 'SmtpSendFailure';
  }
}

interface NodemailerLikeError {
  code?: string;
  originalCode?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  message?: string;
}

// Node's and nodemailer's codes for "no connection could be made" (nothing was said yet).
const unreachableCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EDNS', 'EADDRNOTAVAIL']);

/**
 * Classifies what nodemailer's SMTP connection reported. `dataStarted`: the message's
 * content had begun to go out (after the server's 354).
 */
export function classifySmtpFailure(error: unknown, context: { dataStarted: boolean; password?: string }): SmtpSendFailure {
  if (error instanceof SmtpSendFailure) return error;
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NodemailerLikeError;
  const hide = (text: string) => (context.password ? text.split(context.password).join('***') : text);
  const reply = failure.response ? hide(failure.response.trim()) : null;
  const code = typeof failure.responseCode === 'number' ? failure.responseCode : reply !== null ? Number(/^(\d{3})/u.exec(reply)?.[1] ?? Number.NaN) : Number.NaN;
  const responseCode = Number.isInteger(code) ? code : null;

  if (context.dataStarted) {
    // A reply to the end of DATA is an answer: refused (4xx, 5xx) means not accepted.
    if (responseCode !== null && failure.command === 'DATA') {
      return new SmtpSendFailure('not-sent', responseCode >= 500 ? 'permanent' : 'temporary', `The server refused the message: ${reply}`, responseCode);
    }
    return new SmtpSendFailure('unknown', 'temporary', `The connection broke while the message was being sent (${hide(failure.message ?? 'no reason given')}); whether the server took it is unknown.`, responseCode);
  }

  // 454 4.7.0 is a temporary authentication failure (RFC 4954 §6): retried, not held.
  if (failure.code === 'EAUTH' && (responseCode === null || responseCode >= 500)) {
    return new SmtpSendFailure('not-sent', 'auth-refused', `The server refused the login${reply ? `: ${reply}` : ''}. Check the mailbox's password.`, responseCode);
  }
  if (responseCode !== null) {
    const what =
      failure.command === 'RCPT TO'
        ? 'every recipient'
        : failure.command === 'MAIL FROM'
          ? 'the sender address'
          : failure.command === 'DATA'
            ? 'the message'
            : 'the connection';
    return new SmtpSendFailure('not-sent', responseCode >= 500 ? 'permanent' : 'temporary', `The server refused ${what}: ${reply}`, responseCode);
  }
  const systemCode = failure.originalCode ?? failure.code ?? '';
  if (unreachableCodes.has(systemCode) || (failure.code === 'ECONNECTION' && failure.command === 'CONN' && unreachableCodes.has(failure.originalCode ?? ''))) {
    return new SmtpSendFailure('not-sent', 'unreachable', `The mail server cannot be reached (${systemCode}).`, null);
  }
  if (failure.code === 'ETLS' || failure.code === 'EREQUIRETLS') {
    return new SmtpSendFailure('not-sent', 'temporary', `The secure connection to the mail server failed: ${hide(failure.message ?? '')}`, null);
  }
  return new SmtpSendFailure('not-sent', 'temporary', `The connection to the mail server failed before the message was sent: ${hide(failure.message ?? 'no reason given')}`, null);
}
