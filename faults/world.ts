import type { MaildirMessage } from '../test/support/mail-servers/index.js';
import { buildMessage } from '../test/support/mail-servers/index.js';
import type { FaultWorld } from './invariants.js';

/** The mailbox owner every fault run connects (a user of `startDovecot`'s defaults). */
export const owner = { address: 'alice@hirebox.test', password: 'alice-password' } as const;

export interface Candidate {
  name: string;
  address: string;
}

/** A seeded mailbox: what goes on the server, and what the engine must have stored after. */
export interface DrawnWorld {
  candidates: Candidate[];
  inbox: MaildirMessage[];
  sent: MaildirMessage[];
  /** What `checkInvariants` holds the store against; grows with `liveMail`. */
  world: FaultWorld;
  /** The Message-IDs of the drawn mail filed in Sent (the rest is in INBOX). */
  inSent: Set<string>;
}

const hour = 60 * 60 * 1000;
const firstNames = ['Anna', 'Ben', 'Clara', 'Deniz', 'Emil'];

/** An integer in [min, max], drawn. */
export function drawInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * A mailbox of `min`–`max` messages inside the initial window (the last 20 hours): about a
 * third candidate mail from 2–4 candidates (some replies threaded to an earlier one, some
 * sent by the owner and filed in Sent), the rest from and to people who are no candidates.
 * Message-IDs carry the run's seed, so two runs never share one.
 */
export function drawWorld(random: () => number, seed: number, size: { min: number; max: number }): DrawnWorld {
  const count = drawInt(random, size.min, size.max);
  const candidates = firstNames.slice(0, drawInt(random, 2, 4)).map((name) => ({ name: `${name} Kandidat`, address: `${name.toLowerCase()}.${seed}@example.org` }));
  const drawn: DrawnWorld = { candidates, inbox: [], sent: [], world: { candidateMail: [], otherMail: [] }, inSent: new Set() };
  const lastOf = new Map<string, string>();
  const start = Date.now() - 20 * hour;
  const step = Math.floor((19 * hour) / count);
  for (let index = 0; index < count; index++) {
    const date = new Date(start + index * step);
    const messageId = `m${index}.s${seed}@faults.example`;
    if (random() < 1 / 3) {
      const candidate = candidates[drawInt(random, 0, candidates.length - 1)]!;
      const previous = lastOf.get(candidate.address);
      const reply = previous !== undefined && random() < 0.5;
      const threading = reply ? { inReplyTo: previous, references: [previous] } : {};
      const subject = reply ? `Re: Bewerbung ${candidate.name}` : `Bewerbung ${candidate.name} ${index}`;
      if (random() < 0.25) {
        drawn.inSent.add(messageId);
        drawn.sent.push({ internalDate: date, raw: buildMessage({ from: owner.address, to: candidate.address, subject, messageId, date, body: `Antwort ${index}`, ...threading }) });
      } else {
        drawn.inbox.push({ internalDate: date, raw: buildMessage({ from: { name: candidate.name, address: candidate.address }, to: owner.address, subject, messageId, date, body: `Nachricht ${index}`, ...threading }) });
      }
      lastOf.set(candidate.address, messageId);
      drawn.world.candidateMail.push({ messageId, candidateAddress: candidate.address });
    } else if (random() < 0.15) {
      drawn.inSent.add(messageId);
      drawn.sent.push({ internalDate: date, raw: buildMessage({ from: owner.address, to: `friend${index}@elsewhere.example`, subject: `Privat ${index}`, messageId, date, body: 'Hallo' }) });
      drawn.world.otherMail.push({ messageId });
    } else {
      drawn.inbox.push({ internalDate: date, raw: buildMessage({ from: `news${index}@shop.example`, to: owner.address, subject: `Angebot ${index}`, messageId, date, body: 'Kaufen Sie jetzt' }) });
      drawn.world.otherMail.push({ messageId });
    }
  }
  return drawn;
}

/**
 * One more mail to deliver while the engine runs (new mail during live sync): candidate
 * mail or not, drawn; recorded in `drawn.world`. Returns the envelope and the raw message.
 */
export function liveMail(random: () => number, seed: number, drawn: DrawnWorld, index: number): { from: string; raw: string } {
  const messageId = `live${index}.s${seed}@faults.example`;
  const date = new Date();
  if (random() < 0.6) {
    const candidate = drawn.candidates[drawInt(random, 0, drawn.candidates.length - 1)]!;
    drawn.world.candidateMail.push({ messageId, candidateAddress: candidate.address });
    return { from: candidate.address, raw: buildMessage({ from: { name: candidate.name, address: candidate.address }, to: owner.address, subject: `Nachgereicht ${index}`, messageId, date, body: `Neu ${index}` }) };
  }
  drawn.world.otherMail.push({ messageId });
  return { from: `news-live${index}@shop.example`, raw: buildMessage({ from: `news-live${index}@shop.example`, to: owner.address, subject: `Neu im Shop ${index}`, messageId, date, body: 'Kaufen' }) };
}
