import { z } from 'zod';
import type {
  AppInfo,
  BlobRef,
  BackfillOffer,
  BackfillSummary,
  MissingMailReport,
  OlderMailReport,
  FolderView,
  SyncRunSummary,
  SuggestedSettings,
  ConnectionTestReport,
  ConnectionUpdate,
  MailboxConnectionView,
  CandidateProfile,
  CandidateListItem,
  ImportReport,
  JobDetail,
  StageChangeResult,
  JobSummary,
  MailboxSummary,
  Preferences,
  Session,
  ThreadSummary,
  SearchHit,
  ThreadDetail,
  User,
  Workspace,
  // Issue 8 (sending).
  OutboxItemView,
  SentCopyView,
  DisconnectedMailbox,
  OAuthSignInStarted,
  OAuthSignInOutcome,
  SharedInboxMembers,
  ThreadTeamView,
  SignInOptions,
  IntakeList,
  IntakeDraft,
  IntakeCreated,
  HandoverResult,
  SampleDataStatus,
} from './model.js';
import { candidateSorts, newMailNotificationChoices, roles, stages } from './model.js';
import { draftInput, draftPlace, type SavedDraft } from './drafts.js';
import { templateInput, type MessageTemplate } from './templates.js';
import type { Page } from './paging.js';
import { retentionRuleInput, type ErasureReport, type RetentionPreview } from './privacy.js';
import { pageFields, threadPageSize } from './paging.js';

/**
 * The one contract between the engine and every client (renderer over Electron IPC or
 * the headless WebSocket, and `hirebox call`). Each channel is `domain:verb` with a zod
 * schema for its input and a type for its output. Add a channel here, then its handler
 * in `electron/core/api/handlers.ts` — the compiler insists on both.
 */

/** Carries an output type at the type level only. */
type Output<T> = { readonly __output?: T };
function channel<O>() {
  return <I extends z.ZodType>(input: I): { input: I } & Output<O> => ({ input });
}

const noInput = z.strictObject({});
// IMAP sync II (issue 7): how far back a backfill reaches.
/** Older mail is counted for at most this many candidates at once (the count is paced, a few addresses a search). */
export const olderMailCandidateLimit = 2000;
const backfillDays = z.number().int('Whole days').min(1, 'At least one day').max(3650, 'At most ten years');
const personName = z.string().trim().min(1, 'Enter a name').max(200);
const address = z.string().trim().min(3, 'Enter a mail address').max(320);
const domain = z.string().trim().min(3, 'Enter a domain').max(253);
const languagePreference = z.enum(['system', 'de', 'en']);
const id = z.uuid('Not a valid id');
const jobTitle = z.string().trim().min(1, 'Enter a job title').max(200);
const teamUserIds = z.array(id).max(200);
const addresses = z.array(address).min(1, 'Enter at least one mail address').max(20);
const serverSettings = z.strictObject({
  host: z.string().trim().min(1, 'Enter the server name').max(253),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['tls', 'starttls', 'none']),
});

// --- Connection test and certificate exceptions (issue 6) ---
/** A certificate the user confirmed for one server: pinned by its SHA-256 fingerprint (DESIGN.md "TLS"). */
const certificateException = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  fingerprint256: z.string().trim().regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/u, 'Not a SHA-256 fingerprint'),
  pem: z.string().max(20_000),
});
const certificateExceptions = z.array(certificateException).max(4).default([]);
const connectionSettings = {
  address,
  userName: z.string().min(1, 'Enter the user name').max(320),
  password: z.string().min(1, 'Enter the password').max(1024),
  imap: serverSettings,
  smtp: serverSettings,
  certificateExceptions,
};

// Shared inboxes (issue 21): who is on a shared inbox's list (R13).
const sharedInbox = z.strictObject({ memberIds: z.array(id).max(500).default([]) });

export const channels = {
  /** Version and whether first run is still needed. Open to every authenticated connection. */
  'app:info': channel<AppInfo>()(noInput),

  /** First run: the workspace, its own mail domains and its owner (an admin). Refused once a workspace exists. */
  /**
   * The schema checks shapes only: the engine checks every field (filled, a domain, an
   * address) at once and answers with all of them in `issues`, so the form shows every
   * error together.
   */
  'setup:create': channel<Session>()(
    z.strictObject({
      workspaceName: z.string().trim().max(200),
      domains: z.array(z.string().trim().max(253)).max(20),
      owner: z.strictObject({ name: z.string().trim().max(200), email: z.string().trim().max(320) }),
    }),
  ),

  /** The caller and their workspace. */
  'session:get': channel<Session>()(noInput),

  'workspace:get': channel<Workspace>()(noInput),
  /** Admins only. */
  'workspace:update': channel<Workspace>()(
    z.strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      domains: z.array(domain).min(1).max(20).optional(),
    }),
  ),

  /** The team directory. */
  'users:list': channel<Page<User>>()(z.strictObject({ ...pageFields })),
  /** Admins only. A team member this installation knows of (directory for R4 and visibility). */
  'users:create': channel<User>()(
    z.strictObject({ name: personName, email: address, role: z.enum(roles) }),
  ),

  'preferences:get': channel<Preferences>()(noInput),
  'preferences:update': channel<Preferences>()(
    z.strictObject({
      language: languagePreference.optional(),
      undoSendSeconds: z.number().int().min(0).max(60).optional(),
      newMailNotifications: z.enum(newMailNotificationChoices).optional(),
    }),
  ),

  /**
   * Candidates the caller may see, filtered by job, stage and a query, sorted by name,
   * last contact or stage (docs/api.md). A cursor belongs to one sort and direction.
   */
  'candidates:list': channel<Page<CandidateListItem>>()(
    z.strictObject({
      ...pageFields,
      query: z.string().trim().max(200).optional(),
      jobId: id.optional(),
      stage: z.enum(stages).optional(),
      sort: z.enum(candidateSorts).default('name'),
      direction: z.enum(['asc', 'desc']).optional(),
    }),
  ),
  /** Jobs the caller may see. */
  'jobs:list': channel<Page<JobSummary>>()(
    z.strictObject({ ...pageFields, status: z.enum(['open', 'archived', 'all']).default('open') }),
  ),
  /** Admins only. A name, role or work address change (the owner's own in Settings › My account); the last admin cannot stop being one. */
  'users:update': channel<User>()(z.strictObject({ userId: id, name: personName.optional(), role: z.enum(roles).optional(), email: address.optional() })),
  /** Admins only. Another address of a team member (R4: refused when on a candidate). */
  'users:add-alias': channel<User>()(z.strictObject({ userId: id, address })),
  'users:remove-alias': channel<User>()(z.strictObject({ userId: id, address })),

  /** One candidate the caller may see: addresses, applications, whether mail syncs (R5, R7). */
  'candidates:get': channel<CandidateProfile>()(z.strictObject({ candidateId: id })),
  /** Admins and recruiters. The first address is the primary one unless `primaryAddress` says otherwise. */
  'candidates:create': channel<CandidateProfile>()(
    z.strictObject({
      name: personName,
      addresses,
      primaryAddress: address.optional(),
      applications: z.array(z.strictObject({ jobId: id, stage: z.enum(stages).default('applied') })).max(50).default([]),
    }),
  ),
  /** Admins and recruiters. `addresses` replaces the whole list. */
  'candidates:update': channel<CandidateProfile>()(
    z.strictObject({ candidateId: id, name: personName.optional(), addresses: addresses.optional(), primaryAddress: address.optional() }),
  ),
  /**
   * Admins and recruiters (R3): the candidate and every trace of their mail in Hirebox; the mailbox keeps it.
   * Answers with the erasure report kept for it (issue 24: counts only, no name or address).
   */
  'candidates:delete': channel<{ candidateId: string; report: ErasureReport }>()(z.strictObject({ candidateId: id })),
  /** Admins and recruiters. `mergedId` moves into `survivorId` (addresses, applications, mail) and goes. */
  'candidates:merge': channel<CandidateProfile>()(z.strictObject({ survivorId: id, mergedId: id })),
  /** Admins and recruiters. Candidates and jobs from a CSV file uploaded as a blob (docs/import.md). */
  /** Issue 7: with imported candidates the report carries `backfillOffer` (their last 90 days), offered once. */
  'candidates:import': channel<ImportReport & { backfillOffer?: BackfillOffer }>()(z.strictObject({ blobId: id })),

  'applications:add': channel<CandidateProfile>()(
    z.strictObject({ candidateId: id, jobId: id, stage: z.enum(stages).default('applied') }),
  ),
  /** Hiring managers may move candidates of their own jobs. Hired → offers to archive the job (R7). */
  'applications:set-stage': channel<StageChangeResult>()(z.strictObject({ applicationId: id, stage: z.enum(stages) })),
  'applications:remove': channel<CandidateProfile>()(z.strictObject({ applicationId: id })),

  /** One job the caller may see, with its team and its candidates by stage. */
  'jobs:get': channel<JobDetail>()(z.strictObject({ jobId: id })),
  /** Admins and recruiters. */
  'jobs:create': channel<JobDetail>()(z.strictObject({ title: jobTitle, teamUserIds: teamUserIds.default([]) })),
  'jobs:update': channel<JobDetail>()(z.strictObject({ jobId: id, title: jobTitle.optional(), teamUserIds: teamUserIds.optional() })),
  /** R7: candidates with no other open job stop syncing; their stored mail stays. */
  'jobs:archive': channel<JobDetail>()(z.strictObject({ jobId: id })),
  /** R7: sync resumes; `backfillOffer` (issue 7) covers the archived time, for the user to accept. */
  'jobs:unarchive': channel<JobDetail & { backfillOffer?: BackfillOffer }>()(z.strictObject({ jobId: id })),

  /**
   * Connects the caller's own IMAP/SMTP mailbox (R11 "other"). The connection is checked
   * before anything is saved; the password is stored sealed. R8: an address connected
   * already is refused (`conflict`, rule R8); R4: an address on a candidate (`own-address`).
   */
  'mailboxes:connect': channel<MailboxSummary>()(
    z.strictObject({
      address,
      displayName: z.string().trim().max(200).optional(),
      userName: z.string().min(1, 'Enter the user name').max(320),
      password: z.string().min(1, 'Enter the password').max(1024),
      imap: serverSettings,
      smtp: serverSettings,
      /** Issue 6: certificates the user confirmed in the connection test; stored with the mailbox. */
      certificateExceptions,
      /** A shared inbox (jobs@, careers@; admins only): the users who may see and use it besides the admin connecting it (R13). */
      shared: sharedInbox.optional(),
    }),
  ),
  /**
   * Issue 6: the connection test (R11) of IMAP and SMTP, step by step — name lookup, TCP,
   * TLS (with the certificate), capabilities, login — for the connect form's settings
   * (nothing is saved) or for a connected mailbox (`mailboxId`). A server that fails is an
   * `ok` answer with `ok: false` inside; only bad input is an error.
   */
  'mailboxes:test-connection': channel<ConnectionTestReport>()(z.union([z.strictObject({ mailboxId: id }), z.strictObject(connectionSettings)])),
  /**
   * Issue 6: trusts a certificate by hand for one server (IMAP or SMTP) of a connected
   * mailbox — after the user compared its fingerprint, e.g. when the server's certificate
   * changed — replacing the one trusted before; answers the connection test run with it.
   */
  'mailboxes:trust-certificate': channel<ConnectionTestReport>()(z.strictObject({ mailboxId: id, certificate: certificateException })),
  /** A connected mailbox's sign-in and servers, without the password (its owner; an admin for a shared inbox): what the settings form starts from. */
  'mailboxes:connection': channel<MailboxConnectionView>()(z.strictObject({ mailboxId: id })),
  /**
   * Repairs a connected mailbox (its owner; an admin for a shared inbox): the new password
   * after the server refused the old one, and/or changed server settings — what is left out
   * stays. Tested first; saved only when the test passes (`saved`), and then sync resumes
   * where it stopped and waiting mail goes out. A failed test saves nothing and answers
   * its report.
   */
  'mailboxes:update-connection': channel<ConnectionUpdate>()(
    z.strictObject({
      mailboxId: id,
      password: z.string().min(1, 'Enter the password').max(1024).optional(),
      userName: z.string().min(1, 'Enter the user name').max(320).optional(),
      imap: serverSettings.optional(),
      smtp: serverSettings.optional(),
      /** Certificates the user confirmed in this repair's failed test, for its servers. */
      certificateExceptions,
    }),
  ),
  /** The browser sign-ins (OAuth) this Hirebox offers, and whether each has a client configured. */
  'mailboxes:sign-in-options': channel<SignInOptions>()(noInput),
  /**
   * Starts a browser sign-in (OAuth 2.0 for installed apps: loopback on 127.0.0.1, PKCE,
   * state, single use, a timeout) to connect the caller's own mailbox of `provider`, or —
   * with `mailboxId` — to repair one whose sign-in expired (its owner; an admin for a shared
   * inbox). `address` preselects the account. The desktop shell opens the address in the
   * system browser; otherwise the UI shows it. No client configured: `invalid-input`
   * (`field: 'provider'`).
   */
  'mailboxes:oauth-start': channel<OAuthSignInStarted>()(
    z.strictObject({ provider: z.enum(['gmail', 'microsoft']), address: address.optional(), mailboxId: id.optional(), shared: sharedInbox.optional() }),
  ),
  /**
   * Waits (up to about 25 s; `waiting`: ask again) for the sign-in of `attemptId`, started by
   * the same user, and finishes it: the
   * tokens are sealed, the mailbox created with its folders (or, repairing, the old tokens
   * replaced — same id, same mail) and sync starts. Repairing with another account than the
   * mailbox's is refused (`invalid-input`, `field: 'account'`) and that grant withdrawn.
   * R4/R8 as for `mailboxes:connect`.
   */
  'mailboxes:oauth-finish': channel<OAuthSignInOutcome>()(z.strictObject({ attemptId: id })),
  /** Stops waiting for a sign-in: its loopback listener closes; a pending `oauth-finish` fails. */
  'mailboxes:oauth-cancel': channel<{ cancelled: boolean }>()(z.strictObject({ attemptId: id })),
  /** Settings for a mail address (R11 beyond): the bundled provider table, else RFC 6186 SRV records. Saves nothing. */
  'mailboxes:suggest-settings': channel<SuggestedSettings>()(z.strictObject({ address })),
  /** The sender name and signature of mail written from this mailbox (its owner, or an admin for a shared inbox). */
  'mailboxes:update': channel<MailboxSummary>()(
    z.strictObject({
      mailboxId: id,
      displayName: z.string().trim().min(1, 'Enter a sender name').max(200).optional(),
      signature: z.string().max(4000, 'A signature can have up to 4,000 characters').optional(),
    }),
  ),
  /** Who is on a shared inbox's list (R13): its members, for those who may use it. */
  'mailboxes:members': channel<SharedInboxMembers>()(z.strictObject({ mailboxId: id })),
  /**
   * Sets who is on a shared inbox's list (admins only, R13): a user taken off loses its mail at
   * once — inbox, search, profiles, events. The admin who sets it stays on the list.
   */
  'mailboxes:set-members': channel<SharedInboxMembers>()(z.strictObject({ mailboxId: id, memberIds: z.array(id).max(500) })),
  /** Issue 21 (R13): marks one shared inbox as the company inbox, to which CVs are forwarded, or none (`null`). Admins only. */
  'mailboxes:set-company-inbox': channel<{ companyInboxId: string | null }>()(z.strictObject({ mailboxId: id.nullable() })),
  /**
   * Issue 21 (R13): the company inbox's recent mail that no candidate has and that carries an
   * attachment or a forwarded message, read live from the server (never stored). Its members
   * only: anyone else gets `companyInbox: null` and no items.
   */
  'intake:list': channel<IntakeList>()(z.strictObject({})),
  /** One intake mail read whole for the candidate form: the original sender (forwarded block, attached message), R4/R5, the attachments. Nothing stored. */
  'intake:read': channel<IntakeDraft>()(z.strictObject({ key: z.string().min(1).max(2000) })),
  /** "Create candidate from this mail": the candidate, and the mail stored linked to them with its attachments (recruiters and admins on the company inbox's list). */
  'intake:create-candidate': channel<IntakeCreated>()(
    z.strictObject({
      key: z.string().min(1).max(2000),
      name: personName,
      addresses,
      primaryAddress: address.optional(),
      applications: z.array(z.strictObject({ jobId: id, stage: z.enum(stages).default('applied') })).max(50).default([]),
    }),
  ),
  /** Issue 21: an admin hands the conversations assigned to a leaving user to a colleague; drafts stay with their author. */
  'team:handover': channel<HandoverResult>()(z.strictObject({ fromUserId: id, toUserId: id })),
  /** The mailbox's folders and which are scanned (R9). */
  'mailboxes:folders': channel<FolderView[]>()(z.strictObject({ mailboxId: id })),
  /** Scan a folder too (e.g. one a server-side filter fills with applications), or stop scanning it. */
  'mailboxes:set-folder-scanned': channel<FolderView[]>()(z.strictObject({ mailboxId: id, folderId: id, scanned: z.boolean() })),
  /** Syncs now; answers when the run is over (status events show its progress). */
  'mailboxes:sync-now': channel<SyncRunSummary>()(z.strictObject({ mailboxId: id })),

  /** Links a stored message to a candidate by hand (reason `manual`). */
  'messages:link': channel<{ messageId: string; candidateId: string }>()(z.strictObject({ messageId: id, candidateId: id })),
  /** "Not this candidate": unlinks and remembers it, so sync never links them again. */
  'messages:unlink': channel<{ messageId: string; candidateId: string }>()(z.strictObject({ messageId: id, candidateId: id })),

  /** Mailboxes the caller may see, with their status (R14). */
  'mailboxes:list': channel<Page<MailboxSummary>>()(z.strictObject({ ...pageFields })),
  /** Threads the caller may see, newest first. */
  'inbox:list': channel<Page<ThreadSummary>>()(
    z.strictObject({
      ...pageFields,
      mailboxId: z.uuid().optional(),
      // Inbox I (issue 10): filters; every one narrows, none widens what the viewer sees.
      jobId: id.optional(),
      candidateId: id.optional(),
      unread: z.boolean().optional(),
      waitingForReply: z.boolean().optional(),
      /** Issue 21: "assigned to me". */
      assignedToMe: z.boolean().optional(),
    }),
  ),

  // Issue 8 (sending through the recruiter's own mailbox, R1, R12, R15).
  /**
   * Writes a mail to a candidate — a reply to a stored message, or a new mail — and queues
   * it in the outbox of a mailbox the caller may send from. The Message-ID is chosen here;
   * the signature of the mailbox is added below the text. Sending follows by itself
   * (`outbox:changed` events); while offline the item waits in `queued`.
   */
  'outbox:send': channel<OutboxItemView>()(
    z.strictObject({
      mailboxId: id,
      candidateId: id,
      replyToMessageId: id.optional(),
      /** Each a bare address or `Name <address>`; the name goes into the header as written. */
      to: z.array(address).min(1, 'Enter at least one recipient').max(100),
      cc: z.array(address).max(100).default([]),
      bcc: z.array(address).max(100).default([]),
      /** Empty for a reply: "Re: " and the subject of the mail it answers. */
      subject: z.string().max(998).default(''),
      body: z.string().max(1_000_000),
      /**
       * Rich text (optional): the text as HTML (paragraphs, bold, italic, lists, links). The
       * engine keeps only those elements and sends multipart/alternative, its text/plain part
       * made from this HTML (then `body` is not used). Without it the mail is plain text.
       */
      html: z.string().max(2_000_000).optional(),
      /** Uploaded blobs (`POST /blob` or the desktop picker), or files kept by the draft at `draftPlace`. */
      attachmentBlobIds: z.array(id).max(50).default([]),
      /**
       * The caller's saved draft this mail is sent from: its kept files may be named in
       * `attachmentBlobIds`, and once the mail is queued the draft and its files are deleted.
       */
      draftPlace: draftPlace.optional(),
      /**
       * "Send later": not before this time (ISO 8601 with offset, in the future). Without it
       * the mail waits the caller's grace period (`undoSendSeconds`), in which `outbox:cancel` undoes it.
       */
      sendAt: z.iso.datetime({ offset: true }).optional(),
      // --- Quoted history and forward (writing to candidates) ---
      /** The line above a reply's quoted history, in the user's language; an English one without it. */
      quoteIntro: z.string().trim().min(1).max(500).optional(),
      /**
       * A forward of this stored mail of the candidate (never with `replyToMessageId`): a new
       * thread, the subject marked (`Fwd: `), the original quoted below the text.
       */
      forwardMessageId: id.optional(),
      /** Attachments of the forwarded mail to carry on, read from the stored files. */
      forwardAttachmentIds: z.array(id).max(50).default([]),
      // --- end quoted history and forward ---
    }),
  ),
  /**
   * "Send now" for a mail held for later (or in its undo window), "Retry now" for one that
   * waits for its next attempt (`queued` or `failed-retryable`).
   */
  'outbox:send-now': channel<OutboxItemView>()(z.strictObject({ itemId: id })),
  /** The caller's outbox items, newest first, with their state (R15). */
  'outbox:list': channel<Page<OutboxItemView>>()(z.strictObject({ ...pageFields })),
  /** Cancels an item that has not reached the server (`draft`, `queued`, failed, or outcome unknown). */
  'outbox:cancel': channel<OutboxItemView>()(z.strictObject({ itemId: id })),
  /**
   * "Send anyway": the user's explicit choice for an item whose outcome is unknown (a
   * crash or a lost connection after the message went out). It may arrive twice.
   */
  'outbox:send-anyway': channel<OutboxItemView>()(z.strictObject({ itemId: id })),
  /** Sends a waiting item (queued, failed-retryable, or a draft returned by unlinking, R12) from another mailbox of the caller's. */
  'outbox:move': channel<OutboxItemView>()(z.strictObject({ itemId: id, mailboxId: id })),
  /**
   * Unlinks a mailbox (R12): sync stops, the password is deleted, imported mail stays.
   * Waiting outbox items move to `moveQueuedTo` (another mailbox of the caller's, the user
   * confirmed it) or return to drafts. An OAuth mailbox (Gmail) also withdraws its grant at
   * the provider: `grantRevoked` says whether that worked (it is unlinked either way).
   */
  'mailboxes:disconnect': channel<DisconnectedMailbox>()(
    z
      .strictObject({
        mailboxId: id,
        moveQueuedTo: id.optional(),
        /** Issue 21 (R12): send the waiting mail from the company inbox instead, with this Reply-To. */
        viaCompanyInbox: z.strictObject({ replyTo: address }).optional(),
      })
      .refine((input) => input.moveQueuedTo === undefined || input.viaCompanyInbox === undefined, { message: 'Choose one: another mailbox or the company inbox', path: ['viaCompanyInbox'] }),
  ),
  /** Who files the copy in Sent for this mailbox (R1): `auto` follows the known servers. */
  'mailboxes:set-sent-copy': channel<SentCopyView>()(z.strictObject({ mailboxId: id, sentCopy: z.enum(['auto', 'append', 'server']) })),
  // --- Inbox I (issue 10) ---
  /**
   * One thread the caller may see: a page of its messages (the newest `limit`, shown oldest
   * first) with bodies, recipients, attachments and why it is linked; `before` (a page's
   * `earlierCursor`) gives the `limit` messages before that page (issue 23, 10^5 messages).
   */
  'threads:get': channel<ThreadDetail>()(
    z.strictObject({
      threadId: id,
      before: z.string().min(1).max(512).optional(),
      limit: z.number().int().min(1).max(500).default(threadPageSize),
    }),
  ),
  /** Issue 21: who takes care of a thread, its internal comments, and who is replying now (whoever may see the thread). */
  'threads:team': channel<ThreadTeamView>()(z.strictObject({ threadId: id })),
  /** An internal comment on a thread: for the team, never sent (whoever may see the thread). */
  'threads:comment': channel<ThreadTeamView>()(z.strictObject({ threadId: id, body: z.string().trim().min(1, 'Write something first').max(10_000, 'At most 10,000 characters') })),
  /** Gives a thread to a team member who may see it (oneself: claiming it), or to nobody (`null`). */
  'threads:assign': channel<ThreadTeamView>()(z.strictObject({ threadId: id, userId: id.nullable() })),
  /** Read or unread for the caller only (kept locally, never sent to the mail server). */
  'threads:set-read': channel<{ threadId: string; read: boolean }>()(z.strictObject({ threadId: id, read: z.boolean() })),
  /** An attachment of a visible message as a blob to save or open (headless: `GET /blob/<id>`). */
  'attachments:open': channel<BlobRef>()(z.strictObject({ attachmentId: id })),
  // --- IMAP sync II (issue 7): live sync as user actions ---
  /** Pause (R14): stops the mailbox's sync until resumed, also across restarts. Output the mailbox, `paused`. */
  'mailboxes:pause': channel<MailboxSummary>()(z.strictObject({ mailboxId: id })),
  /** Resume (R14): syncs at once and keeps the mailbox current again; also "try again" after `auth-required`. */
  'mailboxes:resume': channel<MailboxSummary>()(z.strictObject({ mailboxId: id })),
  /** Backfill (R10 beyond): the mailbox's last `days` days through the matcher; answers when done (status events show progress). */
  'backfill:mailbox': channel<BackfillSummary>()(z.strictObject({ mailboxId: id, days: backfillDays })),
  /** Backfill for candidates (default 90 days) in every mailbox the caller may see, by a server search for their addresses. */
  'backfill:candidates': channel<BackfillSummary>()(
    z.strictObject({ candidateIds: z.array(id).min(1, 'Choose at least one candidate').max(20_000), days: backfillDays.default(90) }),
  ),
  /** Cancels the mailbox's backfill; what it stored stays. */
  'backfill:cancel': channel<{ cancelled: boolean }>()(z.strictObject({ mailboxId: id })),
  /** "Why is a mail missing?": the candidate's mail on the servers that is not on their profile, each with the reason. Read-only, bounded. */
  'candidates:why-missing': channel<MissingMailReport>()(z.strictObject({ candidateId: id })),
  /**
   * Older mail, offered (R10): counts on the servers, headers only, the candidates' mail of the
   * last `days` days (default 90) that Hirebox did not fetch — by candidate ids (after adding or
   * importing), or for every synced candidate in one mailbox, older than its connect (after its
   * first sync). Fetches nothing: accepting the offer is `backfill:candidates`.
   */
  'candidates:older-mail': channel<OlderMailReport>()(
    z.union([
      z.strictObject({ candidateIds: z.array(id).min(1, 'Choose at least one candidate').max(olderMailCandidateLimit), days: backfillDays.default(90) }),
      z.strictObject({ mailboxId: id, days: backfillDays.default(90) }),
    ]),
  ),

  'inbox:unread-count': channel<{ threads: number }>()(noInput),

  // --- Drafts (writing to candidates): saved in the engine as the user types ---
  /** Saves the caller's draft at its place (one per place), replacing what was there. */
  'drafts:save': channel<SavedDraft>()(draftInput),
  /** The caller's drafts, last changed first (only of candidates they may see). */
  'drafts:list': channel<SavedDraft[]>()(noInput),
  /** Deletes the caller's draft at `place` (sent or discarded). */
  'drafts:delete': channel<{ deleted: boolean }>()(z.strictObject({ place: draftPlace })),
  // --- end Drafts ---

  // --- Templates (writing to candidates) ---
  /** The workspace's mail templates, German and English, by name. */
  'templates:list': channel<MessageTemplate[]>()(noInput),
  /** Adds a template, or changes the one with `id` (recruiters and admins). */
  'templates:save': channel<MessageTemplate>()(templateInput.extend({ id: id.optional() })),
  /** Deletes a template (recruiters and admins). */
  'templates:delete': channel<{ deleted: boolean }>()(z.strictObject({ templateId: id })),
  // --- end Templates ---

  // --- Data-protection requests (issue 24, docs/privacy.md) ---
  /** Admins and recruiters: everything stored about a candidate as a zip blob (candidate.json and each mail as .eml); nothing is written to the data folder. */
  'privacy:export': channel<BlobRef>()(z.strictObject({ candidateId: id })),
  /** Admins and recruiters: the erasure reports, newest first (counts per kind; no names, addresses or content). */
  'privacy:reports': channel<ErasureReport[]>()(noInput),
  /** Admins and recruiters: one erasure report as a text file blob for the person who asked. */
  'privacy:report-file': channel<BlobRef>()(z.strictObject({ reportId: id, language: z.enum(['en', 'de']) })),
  /** Admins and recruiters: the retention rule and who it would remove now (the reminder's count; empty while off). */
  'privacy:retention': channel<RetentionPreview>()(noInput),
  /** Admins: sets the workspace retention rule; answers with the new preview. Nothing is removed until `privacy:run-retention`. */
  'privacy:set-retention': channel<RetentionPreview>()(retentionRuleInput),
  /** Admins: deletes or anonymises (by the rule) the previewed candidates that are still due; one erasure report each. */
  'privacy:run-retention': channel<{ reports: ErasureReport[]; skipped: number }>()(
    z.strictObject({ candidateIds: z.array(id).min(1, 'Choose at least one candidate').max(10_000, 'At most 10,000 at once') }),
  ),
  // --- end Data-protection requests ---

  // --- Sample data (issue 25) ---
  /** Whether sample data is loaded, and whether it is offered (no mailbox connected yet). */
  'sample:status': channel<SampleDataStatus>()(noInput),
  /** Admins only. Loads the sample jobs, candidates and conversations; `conflict` when loaded already. */
  'sample:load': channel<SampleDataStatus>()(noInput),
  /** Admins only. Removes every trace of the sample data (R3 deletion); idempotent. */
  'sample:remove': channel<SampleDataStatus>()(noInput),
  // --- end Sample data ---

  'messages:search': channel<Page<SearchHit>>()(
    z.strictObject({
      ...pageFields,
      text: z.string().max(500, 'At most 500 characters'),
      mailboxId: z.uuid().optional(),
      jobId: id.optional(),
      candidateId: id.optional(),
      hasAttachments: z.boolean().optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
    }),
  ),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What a client passes (defaults may be omitted). */
export type InputOf<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives (after parsing: defaults filled in). */
export type ParsedInputOf<C extends ChannelName> = z.output<Channels[C]['input']>;
export type OutputOf<C extends ChannelName> = NonNullable<Channels[C]['__output']>;

export const channelNames = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
