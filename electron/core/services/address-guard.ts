import { OwnAddressBook, tagFreeParts, type OwnAddress } from '../domain/own-addresses.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/**
 * R4 from both sides: a candidate never gets an address of the team or of a connected
 * mailbox, and the team or a mailbox never gets an address already on a candidate —
 * in either case ignoring `+tags`. Addresses are normalised before they get here.
 */
export class AddressGuard {
  constructor(private readonly store: Store) {}

  /** The own addresses as they are now; take one for a batch (an import) and reuse it. */
  ownAddresses(): OwnAddressBook {
    const own: OwnAddress[] = [];
    for (const { address, name, kind } of this.store.users.ownAddresses()) {
      own.push({ address, belongsTo: kind === 'work' ? `the work address of ${name}` : `an alias of ${name}` });
    }
    for (const { address } of this.store.mailboxes.addresses()) {
      own.push({ address, belongsTo: `the connected mailbox ${address}` });
    }
    return new OwnAddressBook(own);
  }

  /** Refuses an own address for a candidate with `own-address` (R4). */
  assertNotOwn(address: string, field: string, book: OwnAddressBook = this.ownAddresses()): void {
    const own = book.match(address);
    if (own !== null) {
      throw new AppError('own-address', `${address} is ${own.belongsTo}. Mail with your own team would be linked to the candidate, so Hirebox refuses it.`, { field, rule: 'R4' });
    }
  }

  /** Refuses an address for the team or a mailbox that is on a candidate (R4). */
  assertNotOnCandidate(address: string, field: string): void {
    const { local, domain } = tagFreeParts(address);
    const holder = this.store.candidates.holdersIgnoringTags(local, domain)[0];
    if (holder !== undefined) {
      throw new AppError('own-address', `${address} is on the candidate ${holder.name} (${holder.address}). Remove it there first: an own address on a candidate would link your team's mail to them.`, { field, rule: 'R4' });
    }
  }
}
