import { describe, expect, it } from 'vitest';
import { readForwardedHeaders } from './forward-markers.js';
import { type CandidateMatchFacts, type MatchContext, type MessageFacts, matchMessage, needsForwardPeek } from './matching.js';
import { normalizeEnvelopeAddresses, parseMessageIdList } from './message-headers.js';
import { OwnAddressBook } from './own-addresses.js';

const anna: CandidateMatchFacts = { id: 'anna', synced: true, addresses: [{ address: 'anna@example.com', internal: false }] };
const archived: CandidateMatchFacts = { id: 'archived', synced: false, addresses: [{ address: 'old@example.com', internal: false }] };
const kim: CandidateMatchFacts = {
  id: 'kim',
  synced: true,
  addresses: [
    { address: 'kim@acme.com', internal: true },
    { address: 'kim@gmail.example', internal: false },
  ],
};
const internalOnly: CandidateMatchFacts = { id: 'ida', synced: true, addresses: [{ address: 'ida@acme.com', internal: true }] };
// Data from before R4 was enforced: a candidate holding a tagged own address.
const legacy: CandidateMatchFacts = { id: 'legacy', synced: true, addresses: [{ address: 'olivia+cv@acme.com', internal: true }] };
const candidates = [anna, archived, kim, internalOnly, legacy];

const linkedTo: Record<string, CandidateMatchFacts[]> = {
  'anna-1@example.com': [anna],
  'archived-1@example.com': [archived],
  'ida-1@acme.com': [internalOnly],
};
const hireboxIds = new Set(['hb-1@hirebox.acme.com']);

const context: MatchContext = {
  ownAddresses: new OwnAddressBook([
    { address: 'olivia@acme.com', belongsTo: 'the work address of Olivia (owner)' },
    { address: 'hm@acme.com', belongsTo: 'the work address of Hannes (hiring manager)' },
    { address: 'jobs@acme.com', belongsTo: 'the connected mailbox jobs@acme.com' },
  ]),
  candidatesByAddress: (address) => candidates.filter((candidate) => candidate.addresses.some((held) => held.address === address)),
  candidatesLinkedTo: (messageId) => linkedTo[messageId] ?? [],
  isInHireboxThread: (messageId) => hireboxIds.has(messageId),
};

function facts(overrides: Partial<MessageFacts>): MessageFacts {
  return {
    messageId: 'new@example.com',
    from: [],
    to: [],
    cc: [],
    bcc: [],
    isOwnSentMail: false,
    references: [],
    inReplyTo: [],
    subject: 'Hello',
    forwardPeek: null,
    ...overrides,
  };
}

const linkReasons = (message: MessageFacts) => matchMessage(message, context).links.map((link) => [link.candidateId, link.reason]);
const notLinked = (message: MessageFacts) => matchMessage(message, context).notLinked.map((entry) => [entry.candidateId, entry.reason]);

describe('address-match', () => {
  it('links an address in From, To or Cc', () => {
    expect(linkReasons(facts({ from: ['anna@example.com'], to: ['jobs@acme.com'] }))).toEqual([['anna', 'address']]);
    expect(linkReasons(facts({ from: ['olivia@acme.com'], to: ['anna@example.com'] }))).toEqual([['anna', 'address']]);
    expect(linkReasons(facts({ from: ['olivia@acme.com'], to: ['hm@acme.com'], cc: ['anna@example.com'] }))).toEqual([['anna', 'address']]);
  });

  it('counts Bcc only on the owner’s own sent mail', () => {
    const bcc = { from: ['olivia@acme.com'], to: ['hm@acme.com'], bcc: ['anna@example.com'] };
    expect(linkReasons(facts({ ...bcc, isOwnSentMail: true }))).toEqual([['anna', 'address']]);
    expect(linkReasons(facts({ ...bcc, isOwnSentMail: false }))).toEqual([]);
    expect(notLinked(facts({ ...bcc, isOwnSentMail: false }))).toEqual([['anna', 'bcc-on-received-mail']]);
  });

  it('never counts a display name', () => {
    const to = normalizeEnvelopeAddresses([{ name: 'anna@example.com', address: 'jobs@acme.com' }]);
    const message = facts({ from: ['olivia@acme.com'], to: to.addresses, displayNameAddresses: to.displayNameAddresses });
    expect(linkReasons(message)).toEqual([]);
    expect(notLinked(message)).toEqual([['anna', 'display-name-only']]);
  });

  it('never counts Reply-To or Sender', () => {
    const message = facts({ from: ['newsletter@board.example'], to: ['jobs@acme.com'], replyTo: ['anna@example.com'], sender: ['anna@example.com'] });
    expect(linkReasons(message)).toEqual([]);
    expect(notLinked(message)).toEqual([['anna', 'reply-to-or-sender-only']]);
  });

  it('does not link own and colleagues’ addresses by themselves, +tags included', () => {
    expect(matchMessage(facts({ from: ['olivia+jobs@acme.com'], to: ['hm+x@acme.com'], cc: ['jobs@acme.com'] }), context)).toMatchObject({ links: [], notLinked: [] });
    // A candidate that (wrongly) holds a tagged own address is still not linked through it.
    const message = facts({ from: ['hm@acme.com'], to: ['olivia+cv@acme.com'] });
    expect(linkReasons(message)).toEqual([]);
    expect(notLinked(message)).toEqual([['legacy', 'own-address']]);
  });

  it('yields no address and no crash for undisclosed-recipients:;', () => {
    const to = normalizeEnvelopeAddresses([{ name: 'undisclosed-recipients', address: 'undisclosed-recipients:;' }, { name: 'undisclosed-recipients', group: [] }]);
    const decision = matchMessage(facts({ from: ['olivia@acme.com'], to: to.addresses, bcc: ['anna@example.com'], isOwnSentMail: true }), context);
    expect(to.addresses).toEqual([]);
    expect(decision.links).toEqual([{ candidateId: 'anna', reason: 'address', evidence: ['address'] }]);
  });
});

describe('synced (R7), internal (R5) and manual exclusions', () => {
  it('does not link a candidate whose jobs are all archived', () => {
    const message = facts({ from: ['old@example.com'], to: ['jobs@acme.com'] });
    expect(linkReasons(message)).toEqual([]);
    expect(matchMessage(message, context).notLinked).toEqual([{ candidateId: 'archived', reason: 'not-synced', evidence: ['address'] }]);
    expect(notLinked(facts({ from: ['hm@acme.com'], to: ['olivia@acme.com'], inReplyTo: ['archived-1@example.com'] }))).toEqual([['archived', 'not-synced']]);
  });

  it('links an internal applicant only in a Hirebox thread', () => {
    const internal = facts({ from: ['ida@acme.com'], to: ['olivia@acme.com'] });
    expect(linkReasons(internal)).toEqual([]);
    expect(notLinked(internal)).toEqual([['ida', 'internal-needs-hirebox-thread']]);
    expect(linkReasons({ ...internal, inReplyTo: ['hb-1@hirebox.acme.com'] })).toEqual([['ida', 'address']]);
    expect(linkReasons(facts({ messageId: 'hb-1@hirebox.acme.com', from: ['olivia@acme.com'], to: ['ida@acme.com'], isOwnSentMail: true }))).toEqual([['ida', 'address']]);
  });

  it('applies R5 per address: the private address of an internal applicant links', () => {
    expect(linkReasons(facts({ from: ['kim@gmail.example'], to: ['olivia@acme.com'] }))).toEqual([['kim', 'address']]);
    expect(notLinked(facts({ from: ['kim@acme.com'], to: ['olivia@acme.com'] }))).toEqual([['kim', 'internal-needs-hirebox-thread']]);
  });

  it('applies R5 to a reply-chain for a candidate with an internal address', () => {
    expect(notLinked(facts({ from: ['hm@acme.com'], to: ['olivia@acme.com'], references: ['ida-1@acme.com'] }))).toEqual([['ida', 'internal-needs-hirebox-thread']]);
  });

  it('never re-links a candidate a user unlinked by hand', () => {
    const message = facts({ from: ['anna@example.com'], to: ['jobs@acme.com'], excludedCandidateIds: ['anna'] });
    expect(linkReasons(message)).toEqual([]);
    expect(notLinked(message)).toEqual([['anna', 'excluded-by-user']]);
  });
});

describe('reply-chain', () => {
  it('links a reply whose References or In-Reply-To names a linked message', () => {
    const reply = facts({ from: ['hm@acme.com'], to: ['olivia@acme.com'], subject: 'AW: Bewerbung' });
    expect(linkReasons({ ...reply, inReplyTo: ['anna-1@example.com'] })).toEqual([['anna', 'reply-chain']]);
    expect(linkReasons({ ...reply, references: parseMessageIdList('<root@x.example> <anna-1@example.com> <later@x.example>') })).toEqual([['anna', 'reply-chain']]);
    expect(linkReasons({ ...reply, references: ['unrelated@x.example'] })).toEqual([]);
  });

  it('prefers address to reply-chain and reports both', () => {
    const decision = matchMessage(facts({ from: ['anna@example.com'], to: ['olivia@acme.com'], inReplyTo: ['anna-1@example.com'] }), context);
    expect(decision.links).toEqual([{ candidateId: 'anna', reason: 'address', evidence: ['address', 'reply-chain'] }]);
  });

  it('R: is an Italian reply, linked by the chain and not as a forward', () => {
    const decision = matchMessage(facts({ from: ['hm@acme.com'], to: ['olivia@acme.com'], subject: 'R: Colloquio', inReplyTo: ['anna-1@example.com'] }), context);
    expect(decision.isForward).toBe(false);
    expect(decision.links.map((link) => link.reason)).toEqual(['reply-chain']);
  });
});

describe('forward (R6)', () => {
  const forwardByOwner = { from: ['olivia@acme.com'], to: ['hm@acme.com'], isOwnSentMail: true };

  it('links a forward with a marker and a reference to a linked message', () => {
    const decision = matchMessage(facts({ ...forwardByOwner, subject: 'WG: Bewerbung', references: ['anna-1@example.com'] }), context);
    expect(decision.isForward).toBe(true);
    expect(decision.links).toEqual([{ candidateId: 'anna', reason: 'forward', evidence: ['forward'] }]);
  });

  it('links a forward whose forwarded block names the candidate', () => {
    const message = facts({ ...forwardByOwner, subject: 'Fwd: CV' });
    expect(needsForwardPeek(message, context)).toBe(true);
    const peek = readForwardedHeaders('---------- Forwarded message ---------\nFrom: Anna <Anna@Example.com>\nTo: jobs@acme.com\n');
    expect(linkReasons({ ...message, forwardPeek: peek })).toEqual([['anna', 'forward']]);
  });

  it('links through an attached message/rfc822 envelope the same way', () => {
    expect(linkReasons(facts({ ...forwardByOwner, subject: 'FW: CV', forwardPeek: { blockFound: true, addresses: ['anna@example.com'] } }))).toEqual([['anna', 'forward']]);
  });

  it('never links on a marker alone', () => {
    expect(linkReasons(facts({ ...forwardByOwner, subject: 'Fwd: CV', forwardPeek: { blockFound: false, addresses: [] } }))).toEqual([]);
    expect(linkReasons(facts({ ...forwardByOwner, subject: 'VS: Søknad' }))).toEqual([]);
  });

  it('takes VS: for a forward only when the peek found a block', () => {
    const vs = facts({ ...forwardByOwner, subject: 'VS: Søknad' });
    expect(needsForwardPeek(vs, context)).toBe(true);
    expect(matchMessage({ ...vs, forwardPeek: { blockFound: true, addresses: ['anna@example.com'] } }, context)).toMatchObject({
      isForward: true,
      links: [{ candidateId: 'anna', reason: 'forward' }],
    });
    // Without a block, VS: with a reference is a (Finnish) reply.
    expect(matchMessage({ ...vs, forwardPeek: { blockFound: false, addresses: [] }, inReplyTo: ['anna-1@example.com'] }, context)).toMatchObject({
      isForward: false,
      links: [{ candidateId: 'anna', reason: 'reply-chain' }],
    });
  });

  it('peeks only at forwards the user or a colleague sent', () => {
    expect(needsForwardPeek(facts({ from: ['agency@recruit.example'], subject: 'Fwd: CV' }), context)).toBe(false);
    expect(needsForwardPeek(facts({ from: ['hm+cv@acme.com'], subject: 'Fwd: CV' }), context)).toBe(true);
    expect(needsForwardPeek(facts({ from: ['olivia@acme.com'], subject: 'Re: Fwd: CV' }), context)).toBe(false);
    expect(needsForwardPeek(facts({ from: ['olivia@acme.com'], subject: 'CV' }), context)).toBe(false);
    // A peek handed in for an outsider's forward is ignored.
    expect(linkReasons(facts({ from: ['agency@recruit.example'], to: ['jobs@acme.com'], subject: 'Fwd: CV', forwardPeek: { blockFound: true, addresses: ['anna@example.com'] } }))).toEqual([]);
  });

  it('does not link own addresses named in the forwarded block', () => {
    expect(matchMessage(facts({ ...forwardByOwner, subject: 'Fwd: CV', forwardPeek: { blockFound: true, addresses: ['olivia+cv@acme.com', 'jobs@acme.com'] } }), context).links).toEqual([]);
  });

  it('counts a Hirebox thread for a forward by its own id only (it starts a new thread)', () => {
    const forward = facts({ ...forwardByOwner, subject: 'Fwd: Kim', forwardPeek: { blockFound: true, addresses: ['ida@acme.com'] }, references: ['hb-1@hirebox.acme.com'] });
    expect(matchMessage(forward, context)).toMatchObject({ hireboxThread: false, links: [] });
    expect(matchMessage({ ...forward, messageId: 'hb-1@hirebox.acme.com' }, context)).toMatchObject({ hireboxThread: true, links: [{ candidateId: 'ida', reason: 'forward' }] });
  });
});
