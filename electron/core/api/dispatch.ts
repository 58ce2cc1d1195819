import type { z } from 'zod';
import { assertNever } from '../../../shared/assert-never.js';
import { channels, isChannelName, type ChannelName } from '../../../shared/contract.js';
import type { Result, WireError } from '../../../shared/errors.js';
import type { User } from '../../../shared/model.js';
import { AppError, toWireError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { setupRequired } from '../services/workspace-service.js';
import type { Caller } from './caller.js';
import type { Handler, HandlerMap, Services } from './handlers.js';

/**
 * Calls one channel for one caller and answers with the result envelope. Order: known
 * channel, caller's rights, input schema, handler. Nothing is written unless all checks
 * pass, and no stack or cause leaves the engine.
 */
export class Dispatcher {
  constructor(
    private readonly handlers: HandlerMap,
    private readonly services: Services,
    private readonly logger: Logger,
  ) {}

  async dispatch(caller: Caller, channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      const named = typeof channel === 'string' ? JSON.stringify(channel.slice(0, 80)) : `of type ${typeof channel}`;
      return failure({ code: 'unknown-channel', message: `There is no channel ${named}. docs/api.md lists them.`, retryable: false });
    }
    try {
      return { ok: true, value: await this.#run(channel, caller, rawInput) };
    } catch (error) {
      const known = error instanceof AppError ? error : storageFault(error);
      if (known === null) this.logger.error('handler failed', { channel, error: describe(error) });
      return failure(toWireError(known ?? error));
    }
  }

  /** The user a caller stands for, or null where there is none (before first run). */
  resolveUser(caller: Caller): User | null {
    return caller.kind === 'installation-owner' ? this.services.users.owner() : this.services.users.get(caller.userId);
  }

  async #run<C extends ChannelName>(channel: C, caller: Caller, rawInput: unknown): Promise<unknown> {
    const handler = this.handlers[channel] as Handler<C>;
    switch (handler.access) {
      case 'open':
        return handler.handle(parseInput(channel, rawInput));
      case 'first-run':
        if (caller.kind !== 'installation-owner') {
          throw new AppError('forbidden', 'Only the owner of this installation can complete first run.');
        }
        if (!this.services.workspace.info().setupNeeded) {
          throw new AppError('already-set-up', 'This installation already has a workspace; first run cannot be repeated.');
        }
        return handler.handle(parseInput(channel, rawInput));
      case 'member':
      case 'recruiter':
      case 'admin': {
        const actor = this.#actor(caller);
        if (handler.access === 'admin' && actor.role !== 'admin') {
          throw new AppError('forbidden', `${channel} is for admins only.`);
        }
        if (handler.access === 'recruiter' && actor.role === 'hiring-manager') {
          throw new AppError('forbidden', `${channel} is for admins and recruiters.`);
        }
        return handler.handle(parseInput(channel, rawInput), { actor, viewer: { userId: actor.id, role: actor.role } });
      }
      default:
        return assertNever(handler);
    }
  }

  #actor(caller: Caller): User {
    const user = this.resolveUser(caller);
    if (user !== null) return user;
    if (caller.kind === 'installation-owner') throw setupRequired();
    throw new AppError('unauthenticated', 'This connection belongs to no user of the workspace.');
  }
}

function parseInput<C extends ChannelName>(channel: C, rawInput: unknown): z.output<(typeof channels)[C]['input']> {
  const parsed = channels[channel].input.safeParse(rawInput ?? {});
  if (parsed.success) return parsed.data as z.output<(typeof channels)[C]['input']>;
  const issue = parsed.error.issues[0];
  // An unknown key is reported on the object holding it; name the key itself.
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : (issue?.path ?? []);
  // A value that is not even an object is the input itself at fault.
  const field = path.map(String).join('.') || (issue?.code === 'invalid_type' ? 'input' : undefined);
  const detail = issue?.message ?? 'invalid input';
  // Every field at fault, so a form can mark them all at once.
  const issues = parsed.error.issues
    .map((each) => ({ field: (each.code === 'unrecognized_keys' ? [...each.path, ...each.keys.slice(0, 1)] : each.path).map(String).join('.'), message: each.message }))
    .filter((each) => each.field !== '');
  throw new AppError('invalid-input', field === undefined ? detail : `${field}: ${detail}`, {
    ...(field === undefined ? {} : { field }),
    ...(issues.length > 1 ? { issues } : {}),
  });
}

/**
 * SQLite refusing for reasons outside the request — the database busy with another
 * process, the disk full or read-only — is a storage fault the user can retry, not a bug.
 */
function storageFault(error: unknown): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN)/.test(code)) return null;
  const reason = code.startsWith('SQLITE_FULL') ? 'the disk is full' : code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'the database is busy' : 'the data folder cannot be written';
  return new AppError('storage-unavailable', `Hirebox could not save this: ${reason}. Nothing was changed; try again.`, { retryable: true, cause: error });
}

function failure(error: WireError): Result<never> {
  return { ok: false, error };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
