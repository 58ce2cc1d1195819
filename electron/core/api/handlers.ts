import type { ChannelName, OutputOf, ParsedInputOf } from '../../../shared/contract.js';
import type { User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import type { BackfillService } from '../services/backfill-service.js';
import type { CandidateService } from '../services/candidate-service.js';
import type { DraftService } from '../services/draft-service.js';
import type { ImportService } from '../services/import-service.js';
import type { TemplateService } from '../services/template-service.js';
import type { InboxService } from '../services/inbox-service.js';
import type { LinkService } from '../services/link-service.js';
import type { JobService } from '../services/job-service.js';
import { disconnectMailbox } from '../services/mailbox-disconnection.js';
import type { MailboxService } from '../services/mailbox-service.js';
import type { OAuthSignInService } from '../services/oauth-sign-in-service.js';
// Issue 8 (sending).
import type { OutboxService } from '../services/outbox-service.js';
import type { ThreadTeamService } from '../services/thread-team-service.js';
import type { IntakeService } from '../services/intake-service.js';
import type { SampleDataService } from '../services/sample-data/sample-data-service.js';
import type { SearchService } from '../services/search-service.js';
import type { SettingsDiscovery } from '../services/settings-discovery.js';
import type { UserService } from '../services/user-service.js';
import type { WhyMissingService } from '../services/why-missing-service.js';
import type { OlderMailService } from '../services/older-mail-service.js';
import type { WorkspaceService } from '../services/workspace-service.js';
import type { PrivacyService } from '../services/privacy-service.js';

/** The services the handlers call; wired in `engine.ts`, the composition root. */
export interface Services {
  workspace: WorkspaceService;
  users: UserService;
  candidates: CandidateService;
  jobs: JobService;
  mailboxes: MailboxService;
  discovery: SettingsDiscovery;
  inbox: InboxService;
  imports: ImportService;
  links: LinkService;
  // Issue 8 (sending).
  outbox: OutboxService;
  drafts: DraftService;
  templates: TemplateService;
  // IMAP sync II (issue 7)
  backfill: BackfillService;
  whyMissing: WhyMissingService;
  olderMail: OlderMailService;
  search: SearchService;
  /** Issue 21: comments, assignment, who is replying. */
  threadTeam: ThreadTeamService;
  /** Issue 21 (R13): the company inbox and its intake. */
  intake: IntakeService;
  signIns: OAuthSignInService;
  /** Issue 24: export, erasure reports, retention. */
  privacy: PrivacyService;

  /** Issue 25: explore with sample data. */
  sampleData: SampleDataService;
}

/**
 * Who may call a channel:
 * - `open`: any authenticated connection, also before first run;
 * - `first-run`: the installation owner, only while no workspace exists;
 * - `member`: any user of the workspace (services narrow it by the visibility rule);
 * - `recruiter`: admins and recruiters — those who manage candidates and jobs;
 * - `admin`: users with the admin role.
 */
export type Access = 'open' | 'first-run' | 'member' | 'recruiter' | 'admin';

type Returns<C extends ChannelName> = OutputOf<C> | Promise<OutputOf<C>>;

export interface ActorContext {
  actor: User;
  viewer: Viewer;
}

export type Handler<C extends ChannelName> =
  | { access: 'open' | 'first-run'; handle(input: ParsedInputOf<C>): Returns<C> }
  | { access: 'member' | 'recruiter' | 'admin'; handle(input: ParsedInputOf<C>, context: ActorContext): Returns<C> };

export type HandlerMap = { [C in ChannelName]: Handler<C> };

/** One handler per contract channel; both shells and `hirebox call` reach the engine only through these. */
export function createHandlers(services: Services): HandlerMap {
  return {
    'app:info': { access: 'open', handle: () => services.workspace.info() },
    'sample:status': { access: 'member', handle: () => services.sampleData.status() },
    'sample:load': { access: 'admin', handle: (_input, { viewer }) => services.sampleData.load(viewer) },
    'sample:remove': { access: 'admin', handle: () => services.sampleData.remove() },
    'setup:create': { access: 'first-run', handle: (input) => services.workspace.setUp(input) },
    'session:get': {
      access: 'member',
      handle: (_input, { actor }) => ({ user: actor, workspace: services.workspace.current() }),
    },
    'workspace:get': { access: 'member', handle: () => services.workspace.current() },
    'workspace:update': { access: 'admin', handle: (input) => services.workspace.update(input) },
    'users:list': { access: 'member', handle: (input) => services.users.list(input) },
    'users:create': { access: 'admin', handle: (input) => services.users.create(input) },
    'users:update': { access: 'admin', handle: (input) => services.users.update(input) },
    'users:add-alias': { access: 'admin', handle: (input) => services.users.addAlias(input.userId, input.address) },
    'users:remove-alias': { access: 'admin', handle: (input) => services.users.removeAlias(input.userId, input.address) },
    'preferences:get': { access: 'member', handle: (_input, { actor }) => services.users.preferences(actor.id) },
    'preferences:update': {
      access: 'member',
      handle: (input, { actor }) => services.users.updatePreferences(actor.id, input),
    },
    'candidates:list': { access: 'member', handle: (input, { viewer }) => services.candidates.list(viewer, input) },
    'candidates:get': { access: 'member', handle: (input, { viewer }) => services.candidates.get(viewer, input.candidateId) },
    'candidates:create': { access: 'recruiter', handle: (input, { viewer }) => services.candidates.create(viewer, input) },
    'candidates:update': { access: 'recruiter', handle: (input, { viewer }) => services.candidates.update(viewer, input) },
    'candidates:delete': { access: 'recruiter', handle: (input, { viewer, actor }) => services.privacy.deleteCandidate({ ...viewer, name: actor.name }, input.candidateId) },
    'candidates:merge': {
      access: 'recruiter',
      handle: (input, { viewer }) => services.candidates.merge(viewer, input.survivorId, input.mergedId),
    },
    'candidates:import': { access: 'recruiter', handle: (input, { viewer }) => services.imports.importCandidates(viewer, input.blobId) },
    'applications:add': { access: 'recruiter', handle: (input, { viewer }) => services.candidates.addApplication(viewer, input) },
    'applications:set-stage': {
      access: 'member',
      handle: (input, { viewer }) => services.candidates.setStage(viewer, input.applicationId, input.stage),
    },
    'applications:remove': {
      access: 'recruiter',
      handle: (input, { viewer }) => services.candidates.removeApplication(viewer, input.applicationId),
    },
    'jobs:list': { access: 'member', handle: (input, { viewer }) => services.jobs.list(viewer, input) },
    'jobs:get': { access: 'member', handle: (input, { viewer }) => services.jobs.get(viewer, input.jobId) },
    'jobs:create': { access: 'recruiter', handle: (input, { viewer }) => services.jobs.create(viewer, input) },
    'jobs:update': { access: 'recruiter', handle: (input, { viewer }) => services.jobs.update(viewer, input) },
    'jobs:archive': { access: 'recruiter', handle: (input, { viewer }) => services.jobs.setArchived(viewer, input.jobId, true) },
    'jobs:unarchive': { access: 'recruiter', handle: (input, { viewer }) => services.jobs.unarchive(viewer, input.jobId) },
    'mailboxes:list': { access: 'member', handle: (input, { viewer }) => services.mailboxes.list(viewer, input) },
    'mailboxes:connect': { access: 'member', handle: (input, { actor }) => services.mailboxes.connect(actor, input) },
    // Issue 6: the connection test.
    'mailboxes:test-connection': { access: 'member', handle: (input, { viewer }) => services.mailboxes.testConnection(viewer, input) },
    'mailboxes:connection': { access: 'member', handle: (input, { viewer }) => services.mailboxes.connection(viewer, input.mailboxId) },
    'mailboxes:update-connection': { access: 'member', handle: (input, { viewer }) => services.mailboxes.updateConnection(viewer, input) },
    'mailboxes:trust-certificate': { access: 'member', handle: (input, { viewer }) => services.mailboxes.trustCertificate(viewer, input.mailboxId, input.certificate) },
    'mailboxes:sign-in-options': { access: 'member', handle: () => services.signIns.signInOptions() },
    'mailboxes:oauth-start': { access: 'member', handle: (input, { actor, viewer }) => services.signIns.start(actor, viewer, input) },
    'mailboxes:oauth-finish': { access: 'member', handle: (input, { actor, viewer }) => services.signIns.finish(actor, viewer, input.attemptId) },
    'mailboxes:oauth-cancel': { access: 'member', handle: (input, { actor }) => services.signIns.cancel(actor, input.attemptId) },
    'mailboxes:suggest-settings': { access: 'member', handle: (input) => services.discovery.suggest(input.address) },
    'mailboxes:update': { access: 'member', handle: (input, { viewer }) => services.mailboxes.update(viewer, input) },
    // Shared inboxes (issue 21, R13): their lists.
    'mailboxes:members': { access: 'member', handle: (input, { viewer }) => services.mailboxes.members(viewer, input.mailboxId) },
    'mailboxes:set-members': { access: 'admin', handle: (input, { actor }) => services.mailboxes.setMembers(actor, input.mailboxId, input.memberIds) },
    'mailboxes:set-company-inbox': { access: 'admin', handle: (input, { actor }) => services.intake.setCompanyInbox(actor, input.mailboxId) },
    'intake:list': { access: 'member', handle: (_input, { viewer }) => services.intake.list(viewer) },
    'intake:read': { access: 'member', handle: (input, { viewer }) => services.intake.read(viewer, input.key) },
    'intake:create-candidate': { access: 'recruiter', handle: (input, { viewer }) => services.intake.createCandidate(viewer, input) },
    'team:handover': { access: 'admin', handle: (input, { actor }) => services.threadTeam.handover(actor, input.fromUserId, input.toUserId) },
    'mailboxes:folders': { access: 'member', handle: (input, { viewer }) => services.mailboxes.folders(viewer, input.mailboxId) },
    'mailboxes:set-folder-scanned': {
      access: 'member',
      handle: (input, { viewer }) => services.mailboxes.setFolderScanned(viewer, input.mailboxId, input.folderId, input.scanned),
    },
    'mailboxes:sync-now': { access: 'member', handle: (input, { viewer }) => services.mailboxes.syncNow(viewer, input.mailboxId) },
    'messages:link': { access: 'member', handle: (input, { viewer }) => services.links.link(viewer, input.messageId, input.candidateId) },
    'messages:unlink': { access: 'member', handle: (input, { viewer }) => services.links.unlink(viewer, input.messageId, input.candidateId) },
    'inbox:list': { access: 'member', handle: (input, { viewer }) => services.inbox.list(viewer, input) },
    // Issue 8 (sending through the recruiter's own mailbox).
    'outbox:send': { access: 'member', handle: (input, { actor, viewer }) => services.outbox.send(actor, viewer, input) },
    'outbox:list': { access: 'member', handle: (input, { actor }) => services.outbox.list(actor, input) },
    // Drafts (writing to candidates)
    'drafts:save': { access: 'member', handle: (input, { actor, viewer }) => services.drafts.save(actor, viewer, input) },
    'drafts:list': { access: 'member', handle: (_input, { actor, viewer }) => services.drafts.list(actor, viewer) },
    'drafts:delete': { access: 'member', handle: (input, { actor }) => services.drafts.delete(actor, input.place) },
    // Templates (writing to candidates)
    'templates:list': { access: 'member', handle: () => services.templates.list() },
    'templates:save': { access: 'recruiter', handle: (input, { actor }) => services.templates.save(actor, input) },
    'templates:delete': { access: 'recruiter', handle: (input) => services.templates.delete(input.templateId) },
    // Issue 24: data-protection requests
    'privacy:export': { access: 'recruiter', handle: (input, { viewer }) => services.privacy.exportCandidate(viewer, input.candidateId) },
    'privacy:reports': { access: 'recruiter', handle: (_input, { viewer }) => services.privacy.reports(viewer) },
    'privacy:report-file': { access: 'recruiter', handle: (input, { viewer }) => services.privacy.reportFile(viewer, input.reportId, input.language) },
    'privacy:retention': { access: 'recruiter', handle: () => services.privacy.retentionPreview() },
    'privacy:set-retention': { access: 'admin', handle: (input) => services.privacy.setRetentionRule(input) },
    'privacy:run-retention': { access: 'admin', handle: (input, { viewer, actor }) => services.privacy.runRetention({ ...viewer, name: actor.name }, input.candidateIds) },
    'outbox:cancel': { access: 'member', handle: (input, { actor }) => services.outbox.cancel(actor, input.itemId) },
    'outbox:send-now': { access: 'member', handle: (input, { actor }) => services.outbox.sendNow(actor, input.itemId) },
    'outbox:send-anyway': { access: 'member', handle: (input, { actor }) => services.outbox.sendAnyway(actor, input.itemId) },
    'outbox:move': { access: 'member', handle: (input, { actor, viewer }) => services.outbox.move(actor, viewer, input.itemId, input.mailboxId) },
    'mailboxes:disconnect': {
      access: 'member',
      handle: (input, { actor, viewer }) => disconnectMailbox(services, actor, viewer, input),
    },
    'mailboxes:set-sent-copy': { access: 'member', handle: (input, { viewer }) => services.outbox.setSentCopy(viewer, input.mailboxId, input.sentCopy) },
    // Inbox I (issue 10)
    'threads:get': { access: 'member', handle: (input, { viewer }) => services.inbox.get(viewer, input.threadId, { before: input.before, limit: input.limit }) },
    'threads:team': { access: 'member', handle: (input, { viewer }) => services.threadTeam.view(viewer, input.threadId) },
    'threads:comment': { access: 'member', handle: (input, { actor, viewer }) => services.threadTeam.comment(actor, viewer, input.threadId, input.body) },
    'threads:assign': { access: 'member', handle: (input, { viewer }) => services.threadTeam.assign(viewer, input.threadId, input.userId) },
    'threads:set-read': { access: 'member', handle: (input, { viewer }) => services.inbox.setRead(viewer, input.threadId, input.read) },
    'attachments:open': { access: 'member', handle: (input, { viewer }) => services.inbox.openAttachment(viewer, input.attachmentId) },
    // IMAP sync II (issue 7)
    'mailboxes:pause': { access: 'member', handle: (input, { viewer }) => services.mailboxes.pause(viewer, input.mailboxId) },
    'mailboxes:resume': { access: 'member', handle: (input, { viewer }) => services.mailboxes.resume(viewer, input.mailboxId) },
    'backfill:mailbox': { access: 'member', handle: (input, { viewer }) => services.backfill.mailbox(viewer, input.mailboxId, input.days) },
    'backfill:candidates': { access: 'member', handle: (input, { viewer }) => services.backfill.forCandidates(viewer, input.candidateIds, input.days) },
    'backfill:cancel': { access: 'member', handle: (input, { viewer }) => services.backfill.cancel(viewer, input.mailboxId) },
    'candidates:why-missing': { access: 'member', handle: (input, { viewer }) => services.whyMissing.explain(viewer, input.candidateId) },
    'candidates:older-mail': { access: 'member', handle: (input, { viewer }) => services.olderMail.count(viewer, input) },
    'inbox:unread-count': { access: 'member', handle: (_input, { viewer }) => services.inbox.unreadCount(viewer) },
    'messages:search': { access: 'member', handle: (input, { viewer }) => services.search.search(viewer, input) },
  };
}
