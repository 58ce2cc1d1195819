import { AppError } from '../errors.js';
import { OwnAddressBook, type OwnAddress } from './own-addresses.js';

/**
 * R4 from both sides, as pure rules: a candidate never gets an address of the team or of a
 * connected mailbox, and the team or a mailbox never gets an address already on a
 * candidate — in either case ignoring `+tags`. Addresses are normalised before they get
 * here; reading the directory is the caller's job (`services/address-guard.ts`).
 */

/**
 * Where the own addresses come from. Sync and the outbox match mail against them and get
 * one injected by the composition root; they never read the directory themselves.
 */
export interface OwnAddressSource {
  /** The own addresses as they are now; take one for a batch (an import, a sync round) and reuse it. */
  ownAddresses(): OwnAddressBook;
}

/** A team member's address as the directory lists it: their work address or one of their aliases. */
export interface TeamAddress {
  address: string;
  name: string;
  kind: 'work' | 'alias';
}

/** A candidate holding an address, as a refusal names them. */
export interface AddressHolder {
  name: string;
  address: string;
}

/** The own-address book of the team and the connected mailboxes, with the words each refusal uses. */
export function ownAddressBookOf(team: Iterable<TeamAddress>, mailboxAddresses: Iterable<string>): OwnAddressBook {
  const own: OwnAddress[] = [];
  for (const { address, name, kind } of team) {
    own.push({ address, belongsTo: kind === 'work' ? `the work address of ${name}` : `an alias of ${name}` });
  }
  for (const address of mailboxAddresses) own.push({ address, belongsTo: `the connected mailbox ${address}` });
  return new OwnAddressBook(own);
}

/** Refuses an own address for a candidate with `own-address` (R4). */
export function assertNotOwn(book: OwnAddressBook, address: string, field: string): void {
  const own = book.match(address);
  if (own !== null) {
    throw new AppError('own-address', `${address} is ${own.belongsTo}. Mail with your own team would be linked to the candidate, so Hirebox refuses it.`, { field, rule: 'R4' });
  }
}

/**
 * Refuses an address for the team or a mailbox when a candidate holds it, `+tags` ignored
 * (R4). `holder` is the first such candidate, undefined when there is none.
 */
export function assertNotOnCandidate(address: string, field: string, holder: AddressHolder | undefined): void {
  if (holder !== undefined) {
    throw new AppError('own-address', `${address} is on the candidate ${holder.name} (${holder.address}). Remove it there first: an own address on a candidate would link your team's mail to them.`, { field, rule: 'R4' });
  }
}
