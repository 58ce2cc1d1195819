import type { ChannelName, OutputOf, ParsedInputOf } from '../../../shared/contract.js';
import type { User } from '../../../shared/model.js';
import type { Viewer } from '../domain/visibility.js';
import type { CandidateService } from '../services/candidate-service.js';
import type { InboxService } from '../services/inbox-service.js';
import type { JobService } from '../services/job-service.js';
import type { MailboxService } from '../services/mailbox-service.js';
import type { UserService } from '../services/user-service.js';
import type { WorkspaceService } from '../services/workspace-service.js';

/** The services the handlers call; wired in `engine.ts`, the composition root. */
export interface Services {
  workspace: WorkspaceService;
  users: UserService;
  candidates: CandidateService;
  jobs: JobService;
  mailboxes: MailboxService;
  inbox: InboxService;
}

/**
 * Who may call a channel:
 * - `open`: any authenticated connection, also before first run;
 * - `first-run`: the installation owner, only while no workspace exists;
 * - `member`: any user of the workspace;
 * - `admin`: users with the admin role.
 */
export type Access = 'open' | 'first-run' | 'member' | 'admin';

type Returns<C extends ChannelName> = OutputOf<C> | Promise<OutputOf<C>>;

export interface ActorContext {
  actor: User;
  viewer: Viewer;
}

export type Handler<C extends ChannelName> =
  | { access: 'open' | 'first-run'; handle(input: ParsedInputOf<C>): Returns<C> }
  | { access: 'member' | 'admin'; handle(input: ParsedInputOf<C>, context: ActorContext): Returns<C> };

export type HandlerMap = { [C in ChannelName]: Handler<C> };

/** One handler per contract channel; both shells and `hirebox call` reach the engine only through these. */
export function createHandlers(services: Services): HandlerMap {
  return {
    'app:info': { access: 'open', handle: () => services.workspace.info() },
    'setup:create': { access: 'first-run', handle: (input) => services.workspace.setUp(input) },
    'session:get': {
      access: 'member',
      handle: (_input, { actor }) => ({ user: actor, workspace: services.workspace.current() }),
    },
    'workspace:get': { access: 'member', handle: () => services.workspace.current() },
    'workspace:update': { access: 'admin', handle: (input) => services.workspace.update(input) },
    'users:list': { access: 'member', handle: (input) => services.users.list(input) },
    'users:create': { access: 'admin', handle: (input) => services.users.create(input) },
    'preferences:get': { access: 'member', handle: (_input, { actor }) => services.users.preferences(actor.id) },
    'preferences:update': {
      access: 'member',
      handle: (input, { actor }) => services.users.updatePreferences(actor.id, input),
    },
    'candidates:list': { access: 'member', handle: (input, { viewer }) => services.candidates.list(viewer, input) },
    'jobs:list': { access: 'member', handle: (input, { viewer }) => services.jobs.list(viewer, input) },
    'mailboxes:list': { access: 'member', handle: (input, { viewer }) => services.mailboxes.list(viewer, input) },
    'inbox:list': { access: 'member', handle: (input, { viewer }) => services.inbox.list(viewer, input) },
  };
}
