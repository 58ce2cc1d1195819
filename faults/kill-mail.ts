import { buildMessage } from '../test/support/mail-servers/index.js';
import type { FaultWorld } from './invariants.js';
import { candidateAddress, mailUser } from './kill-support.js';

/** One message of a seeded mailbox: where it lives and whom it must be linked to. */
export interface WorldMail {
  folder: 'INBOX' | 'Sent';
  messageId: string;
  raw: string;
  date: Date;
  /** The candidate it must be linked to; null: no candidate in it, must not be stored. */
  candidate: string | null;
  /** Envelope sender for LMTP delivery. */
  envelopeFrom: string;
}

/**
 * Draws the next message of a mailbox about a third of which is candidate mail: mail from a
 * candidate, alice's mail to one (in Sent), replies both ways (In-Reply-To and References
 * naming the earlier mail with that candidate), a candidate in Cc of someone else's mail;
 * the rest is mail with nobody of the workspace's candidates in it, never referring to
 * candidate mail, and without forward markers in its subject.
 */
export class MailDrawer {
  readonly #random: () => number;
  readonly #seed: number;
  readonly #candidates: string[];
  readonly #lastWith = new Map<string, string>();
  #next = 0;

  constructor(random: () => number, seed: number, candidateCount: number) {
    this.#random = random;
    this.#seed = seed;
    this.#candidates = Array.from({ length: candidateCount }, (_, index) => candidateAddress(seed, index));
  }

  get candidates(): string[] {
    return this.#candidates;
  }

  /** `date`: when it reached the mailbox (INTERNALDATE, and the Date header). */
  draw(date: Date): WorldMail {
    const index = this.#next++;
    const random = this.#random;
    const messageId = `m${index}.s${this.#seed}@fault.hirebox.test`;
    if (random() < 1 / 3) {
      const candidate = this.#candidates[Math.floor(random() * this.#candidates.length)]!;
      const parent = this.#lastWith.get(candidate);
      const roll = random();
      const reply = parent !== undefined && random() < 0.5 ? { inReplyTo: parent, references: [parent] } : {};
      this.#lastWith.set(candidate, messageId);
      if (roll < 0.45) {
        return this.#mail('INBOX', messageId, date, candidate, candidate, { from: candidate, to: mailUser, subject: `Bewerbung ${index}`, ...reply });
      }
      if (roll < 0.8) {
        return this.#mail('Sent', messageId, date, candidate, mailUser, { from: mailUser, to: candidate, subject: `Einladung ${index}`, ...reply });
      }
      const colleague = `hr${index % 3}@partner.example.org`;
      return this.#mail('INBOX', messageId, date, candidate, colleague, { from: colleague, to: mailUser, cc: candidate, subject: `Rückfrage ${index}` });
    }
    const stranger = `person${index % 7}@elsewhere.example.org`;
    if (random() < 0.75) return this.#mail('INBOX', messageId, date, null, stranger, { from: stranger, to: mailUser, subject: `Newsletter ${index}` });
    return this.#mail('Sent', messageId, date, null, mailUser, { from: mailUser, to: stranger, subject: `Termin ${index}` });
  }

  #mail(
    folder: WorldMail['folder'],
    messageId: string,
    date: Date,
    candidate: string | null,
    envelopeFrom: string,
    fields: { from: string; to: string; cc?: string; subject: string; inReplyTo?: string; references?: string[] },
  ): WorldMail {
    const raw = buildMessage({ ...fields, date, messageId, body: `Nachricht ${messageId}\n` });
    return { folder, messageId, raw, date, candidate, envelopeFrom };
  }
}

/** The world the invariants hold the store against. */
export function worldOf(mails: readonly WorldMail[]): FaultWorld {
  return {
    candidateMail: mails.filter((mail) => mail.candidate !== null).map((mail) => ({ messageId: mail.messageId, candidateAddress: mail.candidate! })),
    otherMail: mails.filter((mail) => mail.candidate === null).map((mail) => ({ messageId: mail.messageId })),
  };
}
