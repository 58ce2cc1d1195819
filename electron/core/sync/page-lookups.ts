import type { CandidateMatchFacts, MatchContext, MessageFacts } from '../domain/matching.js';
import type { OwnAddressBook } from '../domain/own-addresses.js';
import type { CandidatePool } from '../store/repositories/candidates-repository.js';
import type { StoredMessageIdentity } from '../store/repositories/messages-repository.js';
import type { Store } from '../store/store.js';

/**
 * What a scan asks the store about one page of headers, asked in a handful of queries for
 * the whole page rather than several per message: on a big mailbox the per-message
 * lookups, not the server, bound the scan (issue 9 benchmark). Prepared for one
 * classification round and read-only: mail the round stores is not in it, so the round
 * after a write prepares anew. A question it was not prepared for (an address found only
 * in a forward peek) goes to the store.
 */
export class PageLookups {
  readonly #store: Store;
  readonly #known: Map<string, StoredMessageIdentity>;
  readonly #holders: Map<string, string>;
  readonly #preparedAddresses: Set<string>;
  readonly #linked: Map<string, string[]>;
  readonly #preparedReferences: Set<string>;
  readonly #candidates: Map<string, CandidateMatchFacts>;
  readonly #pool: CandidatePool;

  private constructor(store: Store, facts: readonly MessageFacts[], pool: CandidatePool) {
    this.#store = store;
    this.#pool = pool;
    const messageIds = new Set<string>();
    const references = new Set<string>();
    const addresses = new Set<string>();
    for (const message of facts) {
      if (message.messageId !== null) messageIds.add(message.messageId);
      for (const id of message.references) references.add(id);
      for (const id of message.inReplyTo) references.add(id);
      for (const list of [message.from, message.to, message.cc, message.bcc, message.displayNameAddresses ?? [], message.replyTo ?? [], message.sender ?? []]) {
        for (const address of list) addresses.add(address);
      }
    }
    this.#known = store.messages.findByDedupeKeys([...messageIds].map((id) => `mid:${id}`));
    this.#preparedAddresses = addresses;
    this.#holders = store.candidates.holdersOf([...addresses]);
    this.#preparedReferences = references;
    this.#linked = store.links.candidatesLinkedToAny([...references]);
    const named = new Set([...this.#holders.values(), ...[...this.#linked.values()].flat()]);
    this.#candidates = new Map(store.candidates.matchFactsOf([...named], pool).map((candidate) => [candidate.id, candidate]));
  }

  /** Looks up everything `facts` will ask about, in one query per kind of question. */
  static prepare(store: Store, facts: readonly MessageFacts[], pool: CandidatePool = 'real'): PageLookups {
    return new PageLookups(store, facts, pool);
  }

  /** The message stored under this Message-ID's dedupe key, or null. */
  storedByMessageId(messageId: string): StoredMessageIdentity | null {
    return this.#known.get(`mid:${messageId}`) ?? null;
  }

  matchContext(ownAddresses: OwnAddressBook): MatchContext {
    const store = this.#store;
    const pool = this.#pool;
    return {
      ownAddresses,
      candidatesByAddress: (address) => {
        if (!this.#preparedAddresses.has(address)) return store.candidates.matchFacts(address, pool);
        const holder = this.#holders.get(address);
        return holder === undefined ? [] : this.#facts([holder]);
      },
      candidatesLinkedTo: (messageId) => {
        if (!this.#preparedReferences.has(messageId)) return store.candidates.matchFactsOf(store.links.candidatesLinkedTo(messageId), pool);
        return this.#facts(this.#linked.get(messageId) ?? []);
      },
      // Asked only for mail that names a candidate (see matchMessage): rare, so not prepared.
      isInHireboxThread: (messageId) => store.threadNodes.isHireboxThread(messageId),
    };
  }

  #facts(candidateIds: readonly string[]): CandidateMatchFacts[] {
    return candidateIds.flatMap((id) => {
      const candidate = this.#candidates.get(id);
      return candidate === undefined ? [] : [candidate];
    });
  }
}
