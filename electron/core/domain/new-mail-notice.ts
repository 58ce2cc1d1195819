import { assertNever } from '../../../shared/assert-never.js';
import type { NewMailNotifications } from '../../../shared/model.js';

/**
 * Notifications of new candidate mail: which stored mail counts as new, who is told of it,
 * and what the notice may show. A notice carries the sender's name and the subject only —
 * never a line of the body — and reaches only users who may see the thread (visible()).
 */

/** Mail whose server date is older than this is not "new" (a mail moved back into a scanned folder). */
export const newMailMaxAgeMs = 24 * 60 * 60 * 1000;

/** What decides whether one stored message is new candidate mail worth a notice. */
export interface ArrivalFacts {
  /**
   * Stored while following a folder's changes: not by the first window after connecting,
   * a re-scan of a forgotten position, or a backfill the user asked for — those would
   * flood the user with mail that is not news.
   */
  live: boolean;
  /** Found in the Sent folder, or otherwise the mailbox owner's own mail. */
  isOwnSentMail: boolean;
  /** From an address of the team or a connected mailbox (a colleague, the user). */
  fromOwnAddress: boolean;
  /** When the server received it (IMAP INTERNALDATE, Gmail internalDate, Graph receivedDateTime). */
  receivedAt: Date;
}

/** True for mail a candidate (or someone outside the team) just sent that reached a scanned folder live. */
export function isNewCandidateMail(facts: ArrivalFacts, now: Date): boolean {
  if (!facts.live || facts.isOwnSentMail || facts.fromOwnAddress) return false;
  const age = now.getTime() - facts.receivedAt.getTime();
  return Number.isFinite(age) && age <= newMailMaxAgeMs;
}

/** What the engine knows of one user and one new mail when it decides on a notice. */
export interface NoticeRecipient {
  /** The user's choice (their preferences). */
  setting: NewMailNotifications;
  /** visible(user, thread), PRODUCT.md "Who sees what". */
  mayViewThread: boolean;
  /** A candidate linked to the thread applied to a job whose team includes the user. */
  onJobTeam: boolean;
}

/** Whether this user is told of the new mail: never outside what they may see, then as they chose. */
export function shouldNotify(recipient: NoticeRecipient): boolean {
  if (!recipient.mayViewThread) return false;
  switch (recipient.setting) {
    case 'off':
      return false;
    case 'all':
      return true;
    case 'my-jobs':
      return recipient.onJobTeam;
    default:
      return assertNever(recipient.setting);
  }
}

/** Longest subject a notice carries; the rest is cut with an ellipsis. */
export const noticeSubjectLength = 120;

/**
 * The sender as a notice names them: the display name the mail gives, else the linked
 * candidate's name, else the bare address. Whitespace (and line breaks a header may
 * smuggle in) collapses to single spaces.
 */
export function noticeSender(from: { name: string; address: string } | null, candidateNames: readonly string[]): string {
  const name = collapse(from?.name ?? '');
  if (name !== '') return name;
  const candidate = candidateNames.map(collapse).find((entry) => entry !== '');
  return candidate ?? collapse(from?.address ?? '');
}

/** The subject as a notice shows it: one line, at most `noticeSubjectLength` characters. */
export function noticeSubject(subject: string): string {
  const line = collapse(subject);
  return line.length <= noticeSubjectLength ? line : `${line.slice(0, noticeSubjectLength - 1)}…`;
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
