import type { MailboxStatusReport, OutboxState } from './status.js';

/** Objects as they cross the contract. Ids are random (UUID), never row numbers. */

export type Role = 'admin' | 'recruiter' | 'hiring-manager';
export const roles = ['admin', 'recruiter', 'hiring-manager'] as const satisfies readonly Role[];

export type Language = 'de' | 'en';
export type LanguagePreference = Language | 'system';

export interface Workspace {
  id: string;
  name: string;
  /** The company's own mail domains, lower case, ASCII (punycode) form. */
  domains: string[];
  createdAt: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  aliases: string[];
  role: Role;
  /** The person this installation belongs to. */
  isOwner: boolean;
}

export interface Session {
  user: User;
  workspace: Workspace;
}

export interface AppInfo {
  version: string;
  /** True until first run has created the workspace and its owner. */
  setupNeeded: boolean;
}

/**
 * Which new candidate mail the user is told of as it arrives: none, every mail they may
 * see, or only mail about candidates of jobs whose team they are on.
 */
export type NewMailNotifications = 'off' | 'all' | 'my-jobs';
export const newMailNotificationChoices = ['off', 'all', 'my-jobs'] as const satisfies readonly NewMailNotifications[];

export interface Preferences {
  language: LanguagePreference;
  /** How long a sent mail waits in the outbox, so "Undo" can take it back (0 = it goes at once). */
  undoSendSeconds: number;
  /** Notifications of new candidate mail (system notifications in the desktop shell, in-app in a browser). */
  newMailNotifications: NewMailNotifications;
}

export type JobStatus = 'open' | 'archived';

export interface JobSummary {
  id: string;
  title: string;
  status: JobStatus;
  candidateCount: number;
  createdAt: string;
}

export type Stage = 'applied' | 'screening' | 'interview' | 'offer' | 'hired' | 'rejected';
export const stages = ['applied', 'screening', 'interview', 'offer', 'hired', 'rejected'] as const satisfies readonly Stage[];

export interface CandidateSummary {
  id: string;
  name: string;
  primaryEmail: string;
  /** R7: false when every job the candidate applied to is archived. */
  synced: boolean;
  /** R5: an address in one of the workspace's own domains. */
  internal: boolean;
  createdAt: string;
}

/** A row of the candidate list (`candidates:list`): the summary with jobs, stages and last contact. */
export interface CandidateListItem extends CandidateSummary {
  /** Applications to jobs the viewer may see: open jobs first, then by title. */
  applications: { jobId: string; jobTitle: string; jobStatus: JobStatus; stage: Stage }[];
  /** Date of the newest mail linked to the candidate; null when there is none. */
  lastContactAt: string | null;
}

/** What the candidate list can be sorted by. */
export const candidateSorts = ['name', 'last-contact', 'stage'] as const;
export type CandidateSort = (typeof candidateSorts)[number];

export type MailboxProvider = 'imap' | 'gmail' | 'microsoft';
export type MailboxKind = 'personal' | 'shared';

export interface MailboxSummary extends MailboxStatusReport {
  id: string;
  address: string;
  /** The sender name on mail written in Hirebox. */
  displayName: string;
  /** Added below mail written in Hirebox from this mailbox; plain text, line breaks kept. */
  signature: string;
  provider: MailboxProvider;
  kind: MailboxKind;
  ownerUserId: string | null;
  // Follow-ups of issues 6–10: an unlinked mailbox (R12) is shown, never offered to send from.
  /**
   * When the mailbox was unlinked (R12; ISO 8601), `null` while it is linked. An unlinked
   * mailbox neither syncs nor sends; its imported mail stays. Every engine answer sets it.
   */
  unlinkedAt?: string | null;
  /** Issue 21 (R13): this shared inbox is the company inbox, to which CVs are forwarded; one at most. */
  isCompanyInbox?: boolean;
}

export type LinkReason = 'address' | 'reply-chain' | 'forward' | 'manual' | 'sample';

export interface ThreadSummary {
  id: string;
  subject: string;
  snippet: string;
  lastMessageAt: string;
  messageCount: number;
  unread: boolean;
  hasAttachments: boolean;
  candidates: { id: string; name: string; reason: LinkReason }[];
  mailboxId: string;
  /** Inbox I: the jobs of the thread's candidates the viewer may see. */
  jobs: { id: string; title: string }[];
  /** Inbox I: the sender of the newest message. */
  from: MailAddressView | null;
  /** Inbox I: the newest message is not from the team ("waiting for our reply"). */
  waitingForReply: boolean;
  /** Issue 21: who takes care of the thread, if anyone. */
  assignee?: { id: string; name: string } | null;
}

/** An internal comment on a thread (issue 21): for the team, never sent. */
export interface ThreadComment {
  id: string;
  /** Null once its author left the team. */
  author: { id: string; name: string } | null;
  body: string;
  createdAt: string;
}

/** `threads:team`: working together on a thread — who takes care of it, comments, who is replying now. */
export interface ThreadTeamView {
  threadId: string;
  assignee: { id: string; name: string } | null;
  /** Oldest first. */
  comments: ThreadComment[];
  /** Others with a reply to this thread open in the last two minutes. */
  replyingNow: { userId: string; name: string; since: string }[];
}

/** One message found by `messages:search`. */
export interface SearchHit {
  messageId: string;
  threadId: string;
  mailboxId: string;
  subject: string;
  from: MailAddressView | null;
  date: string;
  /** Words of the body around the first match (shared/search-text.ts `excerptAround`). */
  excerpt: string;
  hasAttachments: boolean;
  /** Names of the attachments that are not inline parts. */
  attachmentNames: string[];
  /** The thread's candidates the viewer may see. */
  candidates: { id: string; name: string }[];
}

/** Binary data moves by id, never inline (headless: token-guarded `GET /blob/<id>`). */
export interface BlobRef {
  blobId: string;
  fileName: string;
  mimeType: string;
  size: number;
}

/** A user as other objects name them. */
export interface UserRef {
  id: string;
  name: string;
  email: string;
}

export interface CandidateRef {
  id: string;
  name: string;
  primaryEmail: string;
}

export interface JobDetail {
  id: string;
  title: string;
  status: JobStatus;
  createdAt: string;
  archivedAt: string | null;
  team: UserRef[];
  /** The candidates the viewer may see, by the stage of their application to this job. */
  candidatesByStage: { stage: Stage; candidates: (CandidateRef & { applicationId: string })[] }[];
}

export interface CandidateAddress {
  address: string;
  isPrimary: boolean;
  /** R5: in one of the workspace's own domains; only Hirebox threads link for it. */
  internal: boolean;
}

export interface ApplicationView {
  id: string;
  jobId: string;
  jobTitle: string;
  jobStatus: JobStatus;
  stage: Stage;
  createdAt: string;
}

export interface CandidateProfile {
  id: string;
  name: string;
  addresses: CandidateAddress[];
  applications: ApplicationView[];
  /** R7: has an application to an open job, so new mail with them is linked. */
  synced: boolean;
  /** Why (not) synced, decided on all applications, also those the viewer does not see. */
  syncState: 'synced' | 'all-jobs-archived' | 'no-application';
  /** R5: at least one address is internal. */
  internal: boolean;
  createdAt: string;
  /** Whether the viewer may delete this candidate (hiring managers may not). */
  canDelete: boolean;
}

/** After a stage change: the job to offer archiving for, once someone in it is hired (R7). */
export interface StageChangeResult {
  profile: CandidateProfile;
  offerArchive: { jobId: string; title: string } | null;
}

export interface ImportRowProblem {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  code: 'invalid-input' | 'own-address' | 'conflict';
  message: string;
  /** The column at fault, e.g. `email`. */
  field?: string;
}

export interface ImportReport {
  imported: number;
  jobsCreated: number;
  /** Every row that was not imported, with why. Imported rows are whole; refused rows left nothing behind. */
  problems: ImportRowProblem[];
}

export type ConnectionSecurity = 'tls' | 'starttls' | 'none';

/** An IMAP/SMTP account as the user enters it (R11, "other"); the password travels once, then only sealed. */
export interface ServerSettings {
  host: string;
  port: number;
  security: ConnectionSecurity;
}

export type FolderRoleName = 'inbox' | 'sent' | 'custom';

/** A folder of a connected mailbox, and whether Hirebox scans it (R9). */
export interface FolderView {
  id: string;
  path: string;
  name: string;
  role: FolderRoleName;
  /** How the role was found: the server's `\Sent` flag, a well-known name, or the provider. */
  roleSource: string | null;
  scanned: boolean;
}

export interface SyncRunSummary {
  headersScanned: number;
  messagesStored: number;
  bodiesFetched: number;
  forwardPeeks: number;
}

// --- IMAP sync II (issue 7): backfill ---
/** What a backfill did (R10 beyond); `cancelled` when the user stopped it (what it stored stays). */
export interface BackfillSummary extends SyncRunSummary {
  cancelled: boolean;
}

/**
 * A backfill Hirebox offers and does not run by itself (R7, R10): after a job is unarchived,
 * for its candidates over the days it was archived. Pass it to `backfill:candidates`.
 */
export interface BackfillOffer {
  candidateIds: string[];
  /** Whole days back to cover (the archived time, rounded up). */
  days: number;
}

/**
 * Older mail, offered (R10): for one candidate, the mails the servers hold that Hirebox did not
 * fetch and a backfill over the report's `days` would link to them.
 */
export interface OlderMailCount {
  candidateId: string;
  name: string;
  count: number;
}

/**
 * What `candidates:older-mail` counted on the servers: mail not stored that the matcher would
 * link, received in [`since`, `before`). Nothing is fetched; accepting is `backfill:candidates`
 * with the candidates' ids and `days`.
 */
export interface OlderMailReport {
  /** How far back the count reaches (and the backfill to offer), in whole days. */
  days: number;
  /** The counted window (ISO 8601). */
  since: string;
  before: string;
  /** Candidates with older mail, most first; candidates with none are left out. */
  candidates: OlderMailCount[];
  /** Distinct mails over all candidates: a mail that names two candidates counts once. */
  total: number;
  mailboxesSearched: number;
  /** Mailboxes that could not be asked (paused, signed out, out of reach): not in the count. */
  mailboxesUnavailable: number;
  /** The count stopped at a bound (too many candidates or mails): there is at least this much. */
  truncated: boolean;
}

/**
 * "Why is a mail missing?" (issue 7): why a mail on the server that names a candidate is not
 * on their profile. `older-than-window`: before the initial window, a backfill fetches it;
 * `folder-not-scanned`: in a folder Hirebox does not read; `all-jobs-archived`: R7;
 * `internal-address`: R5, only Hirebox threads link; `display-name-only`: the address is only
 * in a display name; `unlinked-by-hand`: someone chose "not this candidate"; `own-address`:
 * R4; `bcc-on-received-mail`: Bcc counts on the owner's own sent mail only;
 * `reply-to-or-sender-only`: those headers never count; `not-synced-yet`: sync has not reached it yet.
 */
export type MissingMailReason =
  | 'older-than-window'
  | 'folder-not-scanned'
  | 'all-jobs-archived'
  | 'internal-address'
  | 'display-name-only'
  | 'unlinked-by-hand'
  | 'own-address'
  | 'bcc-on-received-mail'
  | 'reply-to-or-sender-only'
  | 'not-synced-yet';

export interface MissingMailHit {
  mailboxId: string;
  /** The folder as its name reads. */
  folder: string;
  /** The folder's path on the server (to find it in `mailboxes:folders`, e.g. to scan it). */
  folderPath: string;
  subject: string;
  /** The From address. */
  from: string;
  /** When the server received it (ISO 8601). */
  receivedAt: string;
  reason: MissingMailReason;
}

export interface MissingMailReport {
  candidateId: string;
  /** How far back the search went (ISO 8601), and in how many folders. */
  searchedSince: string;
  foldersSearched: number;
  /** Empty: the server holds no mail with the candidate's addresses that is not linked. */
  hits: MissingMailHit[];
  /** More hits (or folders) than the search reports were left out. */
  truncated: boolean;
}

/** A fact about a provider users trip over, shown with its filled-in settings (R11). */
export type ProviderHint =
  | 'gmail-app-password'
  | 'gmx-enable-imap'
  | 'webde-enable-imap'
  | 't-online-mail-password'
  | 'icloud-app-password'
  | 'yahoo-app-password'
  | 'fastmail-app-password';

/**
 * Settings suggested for a mail address (`mailboxes:suggest-settings`, R11): from the
 * bundled provider table, else from the domain's RFC 6186 SRV records, else none.
 * `userName` is the user name the provider expects (the address or its local part).
 * `redirect`: the provider takes no passwords; connect through its sign-in instead.
 */
export interface SuggestedSettings {
  /** `mx`: the domain's MX records name Microsoft 365 or Google Workspace as its mail host. */
  source: 'preset' | 'srv' | 'mx' | 'none';
  preset?: { id: string; name: string };
  imap?: ServerSettings;
  smtp?: ServerSettings;
  userName: string;
  hint?: ProviderHint;
  redirect?: 'microsoft-sign-in';
  /**
   * The provider's browser sign-in is the way to connect: Gmail (the IMAP settings stay as
   * the app-password fallback) or Microsoft (Outlook.com, and domains whose mail Microsoft
   * 365 receives, by their MX records).
   */
  signIn?: 'gmail' | 'microsoft';
}

/** `mailboxes:members`: who is on a shared inbox's list (R13), by name. */
export interface SharedInboxMembers {
  mailboxId: string;
  members: { userId: string; name: string; email: string }[];
}

/** `mailboxes:sign-in-options`: the OAuth sign-ins this Hirebox offers; `configured: false` has no OAuth client (docs/providers.md "Your own OAuth client"). */
export interface SignInOptions {
  providers: { provider: 'gmail' | 'microsoft'; configured: boolean }[];
}

/** `mailboxes:oauth-start`: the sign-in in progress and the address to open in the browser. */
export interface OAuthSignInStarted {
  attemptId: string;
  authorizationUrl: string;
  /** The desktop shell opened the address in the system browser itself; else the UI shows it. */
  openedInBrowser: boolean;
  /** ISO: when the sign-in gives up waiting. */
  expiresAt: string;
}

/**
 * `mailboxes:oauth-finish`: still waiting for the person in the browser (ask again — each
 * call waits up to about 25 s, below every transport's call timeout), or the mailbox
 * connected or repaired.
 */
export type OAuthSignInOutcome = { state: 'waiting' } | { state: 'connected'; mailbox: MailboxSummary };

/** `mailboxes:disconnect`: the unlinked mailbox, and for an OAuth mailbox whether the grant was withdrawn at the provider. */
export type DisconnectedMailbox = MailboxSummary & { grantRevoked?: boolean };

// Issue 8 (sending): outbox items and the Sent-copy setting of a mailbox.

/** A mail written in Hirebox, as the outbox lists it (R15). Bcc is not shown in lists. */
export interface OutboxItemView {
  id: string;
  mailboxId: string;
  candidateId: string | null;
  /** The thread it belongs to once sent (or the one it answers). */
  threadId: string | null;
  /** The Message-ID chosen before anything was sent, without angle brackets. */
  messageId: string;
  subject: string;
  /** To and Cc. */
  to: string[];
  state: OutboxState;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** Not sent before this time (ISO 8601): the grace period to undo, or the time chosen with "Send later". */
  sendAfter: string | null;
  /** Why a mail that has not gone yet waits, and when it is tried next; null once it went (or for good). */
  waiting: OutboxWaiting | null;
}

/**
 * Why an outbox item waits (R15, "the outbox explains"): `scheduled` (held until `sendAfter`:
 * undo window or "Send later"), `offline` (this computer has no network), `server-unreachable`,
 * `sign-in-needed` (the mailbox refused its password: waits for the user), `rate-limited`,
 * `temporary-failure` (the server refused for now; its words are in the state's `reason`),
 * `mailbox-unlinked` (R12: choose another mailbox), `due` (goes with the next look at the queue).
 */
export type OutboxWaitReason = 'scheduled' | 'offline' | 'server-unreachable' | 'sign-in-needed' | 'rate-limited' | 'temporary-failure' | 'mailbox-unlinked' | 'due';

export interface OutboxWaiting {
  reason: OutboxWaitReason;
  /** ISO 8601; null when it waits for the user (sign-in, unlinked mailbox). */
  nextAttemptAt: string | null;
}

/**
 * Who files the copy in Sent (R1): `append` — Hirebox does; `server` — the server does
 * (Gmail, Microsoft 365) and Hirebox waits for it; `auto` — decided by the known servers.
 */
export type SentCopySetting = 'auto' | 'append' | 'server';

export interface SentCopyView {
  mailboxId: string;
  setting: SentCopySetting;
  /** What sending does with the setting as it is. */
  effective: 'append' | 'server';
}

// --- Inbox I (issue 10): one thread as the thread view shows it ---

/** One address of From, To, Cc or Bcc. */
export interface MailAddressView {
  name?: string;
  address: string;
}

/** An attachment of a stored message; opened through `attachments:open` (a blob). */
export interface AttachmentView {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  isInline: boolean;
  /** False when its file was never fetched (e.g. an oversized mail listed by headers). */
  stored: boolean;
}

export interface ThreadMessageView {
  id: string;
  subject: string;
  from: MailAddressView[];
  to: MailAddressView[];
  cc: MailAddressView[];
  /** Only on the user's own sent mail. */
  bcc: MailAddressView[];
  date: string;
  /** `none`: only the headers are stored (R2); `failed`: the body could not be fetched. */
  bodyState: 'none' | 'partial' | 'full' | 'failed';
  text: string | null;
  /**
   * The mail's HTML, cleaned by the engine (electron/core/mime/received-html.ts): nothing
   * that runs or loads but `https:` images; the renderer still sanitises it again and shows it
   * isolated in the mail frame (docs/decisions.md "Received mail HTML").
   */
  html: string | null;
  unread: boolean;
  attachments: AttachmentView[];
  /** The candidates (in the viewer's scope) this message is linked to, and why. */
  links: { candidateId: string; name: string; reason: LinkReason }[];
}

export interface ThreadDetail {
  id: string;
  subject: string;
  mailboxId: string;
  /** Every candidate of the thread in scope, with the reason of their earliest link. */
  candidates: { id: string; name: string; reason: LinkReason }[];
  jobs: { id: string; title: string }[];
  /** One page (`threads:get`'s `limit`, the newest unless `before` was given), oldest first. */
  messages: ThreadMessageView[];
  /** How many messages of the thread are older than the first of `messages`. */
  earlierCount: number;
  /** Pass as `before` for the page of messages before these; `null` when none are older. */
  earlierCursor: string | null;
}

// --- Connection test and TLS exceptions (issue 6) ---

/** One step of a connection test, in the order they run. */
/** IMAP/SMTP: `dns` … `auth`; Gmail: `sign-in` (a token), `api` (the Gmail API answers for the account), `labels` (INBOX and SENT there). */
export type ConnectionStepName = 'dns' | 'tcp' | 'tls' | 'capabilities' | 'auth' | 'sign-in' | 'api' | 'labels' | 'folders';

/** A server certificate as the user sees it before trusting it by hand (DESIGN.md "TLS"). */
export interface CertificateInfo {
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by `:` (as Node and browsers show it). */
  fingerprint256: string;
  subject: string;
  issuer: string;
  /** ISO dates. */
  validFrom: string;
  validTo: string;
  /** The DNS names and IP addresses the certificate is for. */
  names: string[];
  /** The certificate itself (public), so a confirmed exception can be pinned to exactly it. */
  pem: string;
}

/** What went wrong in a step, as a code the renderer words; parameters beside it. */
export type ConnectionProblem =
  | { code: 'host-not-found' }
  | { code: 'lookup-failed'; detail: string }
  | { code: 'connection-refused' }
  | { code: 'unreachable' }
  | { code: 'timeout' }
  | { code: 'connection-closed' }
  | { code: 'not-tls' }
  | { code: 'starttls-missing' }
  | { code: 'tls-failed'; detail: string }
  | { code: 'certificate-expired'; certificate: CertificateInfo }
  | { code: 'certificate-not-yet-valid'; certificate: CertificateInfo }
  | { code: 'certificate-wrong-name'; certificate: CertificateInfo }
  /** Self-signed or issued by an authority this computer does not trust: the one problem an exception can answer. */
  | { code: 'certificate-untrusted'; certificate: CertificateInfo }
  /** A certificate was trusted by hand for this server and the server now shows another. */
  | { code: 'certificate-changed'; certificate: CertificateInfo; pinnedFingerprint256: string }
  | { code: 'capability-missing'; capability: string }
  | { code: 'auth-failed'; hint?: ProviderHint }
  | { code: 'server-error'; detail: string }
  /** OAuth (Gmail): the grant is gone or expired for good; sign in with the provider again. */
  | { code: 'sign-in-needed' }
  /** OAuth (Gmail): the token belongs to another account (`detail`: its address). */
  | { code: 'wrong-account'; detail: string }
  /** Gmail: a system label the sync needs is missing; Microsoft: a folder (`detail`: which, R9). */
  | { code: 'label-missing'; detail: string };

export interface ConnectionStep {
  step: ConnectionStepName;
  status: 'ok' | 'failed' | 'skipped';
  problem?: ConnectionProblem;
}

/** The test of one protocol: every step, those after a failure `skipped`. */
export interface ProtocolCheck {
  protocol: 'imap' | 'smtp' | 'gmail' | 'microsoft';
  host: string;
  port: number;
  security: ConnectionSecurity;
  ok: boolean;
  steps: ConnectionStep[];
}

/**
 * `mailboxes:test-connection`: the checks that fit the mailbox's provider, each step by
 * step — for IMAP/SMTP accounts `imap` then `smtp`; Gmail and Microsoft add theirs.
 */
export interface ConnectionTestReport {
  ok: boolean;
  checks: ProtocolCheck[];
}

/** `mailboxes:connection`: how a mailbox signs in and where its servers are; never the password. */
export interface MailboxConnectionView {
  provider: 'imap';
  userName: string;
  imap: ServerSettings;
  smtp: ServerSettings;
}

/** `mailboxes:update-connection`: whether the new password or settings were saved, the test they passed or failed, and the mailbox now. */
export interface ConnectionUpdate {
  saved: boolean;
  report: ConnectionTestReport;
  mailbox: MailboxSummary;
}

/** A certificate the user trusted by hand for one server (host and port), pinned to its fingerprint. */
export interface CertificateException {
  host: string;
  port: number;
  fingerprint256: string;
  pem: string;
}

// Issue 21 (R13): the company inbox's intake — mail forwarded there with a CV, read live.

/** A mail in the company inbox that no candidate has yet, with an attachment or a forwarded message. Never stored. */
export interface IntakeItem {
  /** The provider's key of the mail, for `intake:read` and `intake:create-candidate`. */
  key: string;
  subject: string;
  receivedAt: string;
  /** The mail's own sender: the colleague who forwarded it, or the applicant. */
  from: { name: string; address: string } | null;
  /** The original sender as far as the first 16 KB show it (forwarded block, attached message). */
  originalSender: { name: string; address: string | null } | null;
  hasAttachment: boolean;
  isForward: boolean;
}

export interface IntakeList {
  /** The company inbox, when there is one and the caller is on its list; otherwise null and no items. */
  companyInbox: { id: string; address: string; displayName: string } | null;
  items: IntakeItem[];
  /** Mail received since this time was looked at. */
  since: string;
  /** More mail qualified than is listed. */
  truncated: boolean;
}

/** What "create candidate from this mail" fills the form with, read from the mail's source. */
export interface IntakeDraft {
  key: string;
  subject: string;
  name: string;
  /** The original sender's address; null when none could be read or it is an own address (R4). */
  address: string | null;
  /** Where name and address came from. */
  source: 'attached-message' | 'forwarded-block' | 'sender' | 'none';
  /** The address that was found but is a colleague's or a mailbox's (R4): not offered. */
  ownAddress: string | null;
  /** The address is in the company's domains (R5): accepted and flagged. */
  internal: boolean;
  /** A candidate who has this address already. */
  existingCandidate: { id: string; name: string } | null;
  attachments: { fileName: string; mimeType: string; size: number }[];
}

export interface IntakeCreated {
  candidate: CandidateProfile;
  /** The stored mail's thread, now on the candidate's profile with its attachment. */
  threadId: string;
}

/** Issue 21 item 5: what a handover gave to the colleague. */
export interface HandoverResult {
  fromUser: { id: string; name: string };
  toUser: { id: string; name: string };
  /** Conversations now assigned to the colleague. */
  threads: { id: string; subject: string; candidates: string[] }[];
  /** Assigned conversations the colleague may not see (not on the job or shared inbox): left with nobody. */
  unassigned: { id: string; subject: string }[];
  /** The leaving user's drafts: personal, they stay; only counted. */
  draftsKept: number;
}

/** Issue 25: "explore with sample data". */
export interface SampleDataStatus {
  /** Sample jobs, candidates and mail are in the workspace. */
  loaded: boolean;
  /** The offer stands: nothing loaded and no mailbox connected yet. */
  offered: boolean;
  jobs: number;
  candidates: number;
  messages: number;
}
