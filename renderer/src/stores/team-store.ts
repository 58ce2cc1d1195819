import type { InputOf } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';
import type { HandoverResult, Role, User } from '../../../shared/model.js';
import { call } from '../api/client.js';
import { useTeamStore } from './lists.js';
import { useSessionStore } from './session-store.js';

/**
 * Changes to the team directory (Settings › Team). Only admins may make them; the engine
 * refuses others with `forbidden`. Each answer carries `error.field` for the form (R4:
 * `own-address` on `email` or `address` when that address is on a candidate).
 */

export type NewTeamMember = InputOf<'users:create'>;

/** Shows a changed user in the list, and in the session when it is the caller. */
function show(user: User): void {
  useTeamStore.setState((state) => ({ items: state.items.map((item) => (item.id === user.id ? user : item)) }));
  const session = useSessionStore.getState().session;
  if (session && session.user.id === user.id) useSessionStore.setState({ session: { ...session, user } });
}

export async function addTeamMember(input: NewTeamMember): Promise<Result<User>> {
  const result = await call('users:create', input);
  if (result.ok) await useTeamStore.getState().refresh();
  return result;
}

export async function changeRole(userId: string, role: Role): Promise<Result<User>> {
  const result = await call('users:update', { userId, role });
  if (result.ok) show(result.value);
  return result;
}

export async function addAlias(userId: string, address: string): Promise<Result<User>> {
  const result = await call('users:add-alias', { userId, address });
  if (result.ok) show(result.value);
  return result;
}

export async function removeAlias(userId: string, address: string): Promise<Result<User>> {
  const result = await call('users:remove-alias', { userId, address });
  if (result.ok) show(result.value);
  return result;
}

/** Hands the conversations assigned to a leaving member to a colleague (drafts stay with their author). */
export function handOver(fromUserId: string, toUserId: string): Promise<Result<HandoverResult>> {
  return call('team:handover', { fromUserId, toUserId });
}
