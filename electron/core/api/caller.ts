/**
 * Who is calling. The transport binds it per connection; a caller never chooses it.
 * - `installation-owner`: the desktop window or a holder of the headless token. Before
 *   first run it may only call open and first-run channels; afterwards it is the owner.
 * - `user`: a team member by id (the team server and the tests bind this one).
 */
export type Caller = { kind: 'installation-owner' } | { kind: 'user'; userId: string };

export const installationOwner: Caller = { kind: 'installation-owner' };

export function userCaller(userId: string): Caller {
  return { kind: 'user', userId };
}
