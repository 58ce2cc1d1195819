import { domainOf } from './addresses.js';

/**
 * R4: no own address on a candidate, and R5: internal applicants. Both compare
 * normalised addresses (see `addresses.ts`).
 */

/** The address without a `+tag` in its local part: `olivia+jobs@acme.com` → `olivia@acme.com`. */
export function withoutTag(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return plus <= 0 ? address : `${local.slice(0, plus)}${address.slice(at)}`;
}

/** Local part and domain of the tag-free form, for looking up holders of any tagged variant. */
export function tagFreeParts(address: string): { local: string; domain: string } {
  const bare = withoutTag(address);
  const at = bare.lastIndexOf('@');
  return { local: bare.slice(0, at), domain: bare.slice(at + 1) };
}

/** An address that belongs to the team or a connected mailbox, and whose it is. */
export interface OwnAddress {
  address: string;
  /** Words for the refusal: "the work address of Olivia Owner", "the connected mailbox jobs@acme.com". */
  belongsTo: string;
}

/**
 * The team's and the mailboxes' addresses, keyed by their tag-free form, so that one
 * lookup answers whether a candidate address is an own address in disguise
 * (`Olivia+jobs@ACME.com` is Olivia's).
 */
export class OwnAddressBook {
  readonly #byKey = new Map<string, OwnAddress>();

  constructor(addresses: Iterable<OwnAddress>) {
    for (const own of addresses) this.#byKey.set(withoutTag(own.address), own);
  }

  /** The own address `address` matches, ignoring `+tags` on both sides; null when none. */
  match(address: string): OwnAddress | null {
    return this.#byKey.get(withoutTag(address)) ?? null;
  }
}

/** R5: the address is in one of the workspace's own domains, or a subdomain of one. */
export function isInternalAddress(address: string, workspaceDomains: readonly string[]): boolean {
  const domain = domainOf(address);
  return workspaceDomains.some((own) => domain === own || domain.endsWith(`.${own}`));
}
