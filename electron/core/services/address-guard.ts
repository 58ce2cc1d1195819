import { assertNotOnCandidate, assertNotOwn, ownAddressBookOf, type OwnAddressSource } from '../domain/address-guard.js';
import { tagFreeParts, type OwnAddressBook } from '../domain/own-addresses.js';
import type { Store } from '../store/store.js';

/**
 * The R4 guard over the store: reads the directory and the candidates' addresses and
 * applies the rules of `domain/address-guard.ts`. Sync and the outbox see it only as an
 * {@link OwnAddressSource}, injected by the engine.
 */
export class AddressGuard implements OwnAddressSource {
  constructor(private readonly store: Store) {}

  /** The own addresses as they are now; take one for a batch (an import) and reuse it. */
  ownAddresses(): OwnAddressBook {
    return ownAddressBookOf(this.store.users.ownAddresses(), this.store.mailboxes.addresses().map(({ address }) => address));
  }

  /** Refuses an own address for a candidate with `own-address` (R4). */
  assertNotOwn(address: string, field: string, book: OwnAddressBook = this.ownAddresses()): void {
    assertNotOwn(book, address, field);
  }

  /** Refuses an address for the team or a mailbox that is on a candidate (R4). */
  assertNotOnCandidate(address: string, field: string): void {
    const { local, domain } = tagFreeParts(address);
    assertNotOnCandidate(address, field, this.store.candidates.holdersIgnoringTags(local, domain)[0]);
  }
}
