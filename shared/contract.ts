import { z } from 'zod';
import type {
  AppInfo,
  CandidateSummary,
  JobSummary,
  MailboxSummary,
  Preferences,
  Session,
  ThreadSummary,
  User,
  Workspace,
} from './model.js';
import { roles } from './model.js';
import type { Page } from './paging.js';
import { pageFields } from './paging.js';

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
const personName = z.string().trim().min(1, 'Enter a name').max(200);
const address = z.string().trim().min(3, 'Enter a mail address').max(320);
const domain = z.string().trim().min(3, 'Enter a domain').max(253);
const languagePreference = z.enum(['system', 'de', 'en']);

export const channels = {
  /** Version and whether first run is still needed. Open to every authenticated connection. */
  'app:info': channel<AppInfo>()(noInput),

  /** First run: the workspace, its own mail domains and its owner (an admin). Refused once a workspace exists. */
  'setup:create': channel<Session>()(
    z.strictObject({
      workspaceName: z.string().trim().min(1, 'Enter the company name').max(200),
      domains: z.array(domain).min(1, 'Enter at least one mail domain').max(20),
      owner: z.strictObject({ name: personName, email: address }),
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
    z.strictObject({ language: languagePreference }),
  ),

  /** Candidates the caller may see, by name. */
  'candidates:list': channel<Page<CandidateSummary>>()(
    z.strictObject({ ...pageFields, query: z.string().trim().max(200).optional() }),
  ),
  /** Jobs the caller may see. */
  'jobs:list': channel<Page<JobSummary>>()(
    z.strictObject({ ...pageFields, status: z.enum(['open', 'archived', 'all']).default('open') }),
  ),
  /** Mailboxes the caller may see, with their status (R14). */
  'mailboxes:list': channel<Page<MailboxSummary>>()(z.strictObject({ ...pageFields })),
  /** Threads the caller may see, newest first. */
  'inbox:list': channel<Page<ThreadSummary>>()(
    z.strictObject({ ...pageFields, mailboxId: z.uuid().optional() }),
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
