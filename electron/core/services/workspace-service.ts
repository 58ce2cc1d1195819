import { randomUUID } from 'node:crypto';
import type { AppInfo, Session, User, Workspace } from '../../../shared/model.js';
import type { EventBus } from '../events/event-bus.js';
import { normalizeAddress, normalizeDomain } from '../domain/addresses.js';
import { isInternalAddress } from '../domain/own-addresses.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';

export interface SetupInput {
  workspaceName: string;
  domains: string[];
  owner: { name: string; email: string };
}

export interface WorkspaceUpdate {
  name?: string | undefined;
  domains?: string[] | undefined;
}

/** The workspace, its own mail domains and first run. */
export class WorkspaceService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly version: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  info(): AppInfo {
    return { version: this.version, setupNeeded: this.store.workspace.get() === null };
  }

  /** The workspace; `setup-required` before first run. */
  current(): Workspace {
    const workspace = this.store.workspace.get();
    if (workspace === null) throw setupRequired();
    return workspace;
  }

  /**
   * First run: creates the workspace and its owner (an admin) in one transaction.
   * Refused with `already-set-up` once a workspace exists.
   */
  setUp(input: SetupInput): Session {
    const { domains, email } = checkSetup(input);
    const createdAt = this.now().toISOString();
    const session = this.store.transaction(() => {
      if (this.store.workspace.get() !== null) {
        throw new AppError('already-set-up', 'This installation already has a workspace; first run cannot be repeated.');
      }
      const workspaceId = randomUUID();
      this.store.workspace.create({ id: workspaceId, name: input.workspaceName, domains, createdAt });
      const owner: User = { id: randomUUID(), name: input.owner.name, email, aliases: [], role: 'admin', isOwner: true };
      this.store.users.insert({ ...owner, createdAt });
      return { workspace: this.current(), user: owner };
    });
    this.logger.info('workspace created', { workspaceId: session.workspace.id, domains: domains.length });
    return session;
  }

  update(input: WorkspaceUpdate): Workspace {
    const workspace = this.current();
    const update: { name?: string; domains?: string[] } = {};
    if (input.name !== undefined) update.name = input.name;
    if (input.domains !== undefined) update.domains = normalizeDomains(input.domains);
    const updated = this.store.transaction(() => {
      const changed = this.store.workspace.update(workspace.id, update);
      // R5: which candidate addresses are internal follows the workspace's domains.
      if (update.domains !== undefined) {
        for (const { address, internal } of this.store.candidates.internalFlags()) {
          const now = isInternalAddress(address, changed.domains);
          if (now !== internal) this.store.candidates.setInternal(address, now);
        }
      }
      return changed;
    });
    this.events.publish('workspace:changed', updated, { kind: 'workspace' });
    return updated;
  }
}

/**
 * Every field of first run checked at once: one `invalid-input` whose `issues` name each
 * field at fault (`field` is the first), so the form can show them all together.
 */
function checkSetup(input: SetupInput): { domains: string[]; email: string } {
  const issues: { field: string; message: string }[] = [];
  const attempt = <T>(run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid-input' && error.field !== undefined) {
        issues.push({ field: error.field, message: error.message });
        return undefined;
      }
      throw error;
    }
  };
  if (input.workspaceName.trim() === '') issues.push({ field: 'workspaceName', message: 'Enter the company name.' });
  const domains: string[] = [];
  if (input.domains.filter((domain) => domain.trim() !== '').length === 0) {
    issues.push({ field: 'domains', message: 'Enter at least one mail domain.' });
  } else {
    input.domains.forEach((raw, index) => {
      const domain = attempt(() => normalizeDomain(raw, `domains.${index}`));
      if (domain !== undefined && !domains.includes(domain)) domains.push(domain);
    });
  }
  if (input.owner.name.trim() === '') issues.push({ field: 'owner.name', message: 'Enter your name.' });
  const email = attempt(() => normalizeAddress(input.owner.email, 'owner.email'));
  const first = issues[0];
  if (first !== undefined || email === undefined) {
    throw new AppError('invalid-input', issues.map((issue) => `${issue.field}: ${issue.message}`).join(' '), {
      ...(first === undefined ? {} : { field: first.field }),
      issues,
    });
  }
  return { domains, email };
}

function normalizeDomains(raw: readonly string[]): string[] {
  const domains = raw.map((domain, index) => normalizeDomain(domain, `domains.${index}`));
  return [...new Set(domains)];
}

export function setupRequired(): AppError {
  return new AppError('setup-required', 'Hirebox is not set up yet: complete first run (setup:create).');
}
