import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The benchmark's mailbox: `count` messages to alice, about 1% of them with one of
 * `candidateCount` candidates (from them, or Alice's replies to them), the rest with
 * other people. Generated once from a fixed seed and cached outside the repo, so every
 * run scans the same mailbox; only the dates are laid out again on each run, relative to
 * the run's clock.
 */
export interface ImapFixture {
  count: number;
  candidates: { name: string; address: string }[];
  /** How many messages involve a candidate: what a correct scan links. */
  candidateMessages: number;
  /** The i-th message's age in seconds (spread evenly over the spread given at generation). */
  ageSeconds(index: number): number;
  /** The raw messages in file order (oldest first), read from the cache file. */
  messages(): Iterable<Buffer>;
}

const fixtureVersion = 1;
const seed = 0x5eed_1e55;
const ownAddress = 'alice@hirebox.test';

export function cacheFolder(): string {
  return process.env.HIREBOX_BENCH_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hirebox-bench');
}

/** Loads the cached fixture, generating it first when it is missing. */
export function imapFixture(count: number, candidateCount: number, spreadSeconds: number, log: (line: string) => void): ImapFixture {
  const folder = path.join(cacheFolder(), `imap-v${fixtureVersion}-${count}-${candidateCount}`);
  const manifestPath = path.join(folder, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    log(`generating the ${count}-message fixture in ${folder}`);
    generate(folder, count, candidateCount);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { candidates: ImapFixture['candidates']; candidateMessages: number; lengths: number[] };
  const dataPath = path.join(folder, 'messages.bin');
  return {
    count,
    candidates: manifest.candidates,
    candidateMessages: manifest.candidateMessages,
    ageSeconds: (index) => Math.round(((count - index) / count) * spreadSeconds),
    *messages() {
      const descriptor = fs.openSync(dataPath, 'r');
      try {
        let position = 0;
        for (const length of manifest.lengths) {
          const buffer = Buffer.allocUnsafe(length);
          fs.readSync(descriptor, buffer, 0, length, position);
          position += length;
          yield buffer;
        }
      } finally {
        fs.closeSync(descriptor);
      }
    },
  };
}

function generate(folder: string, count: number, candidateCount: number): void {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const candidates = Array.from({ length: candidateCount }, (_, index) => ({
    name: `${pick(firstNames)} ${pick(lastNames)}`,
    address: `candidate${String(index + 1).padStart(4, '0')}@kandidaten.example`,
  }));
  const contacts = Array.from({ length: 5_000 }, (_, index) => ({ name: `${pick(firstNames)} ${pick(lastNames)}`, address: `contact${index}@${pick(domains)}` }));
  fs.mkdirSync(folder, { recursive: true });
  const temporaryData = path.join(folder, `messages.bin.${process.pid}`);
  const descriptor = fs.openSync(temporaryData, 'w');
  const lengths: number[] = [];
  let candidateMessages = 0;
  // Replies stay among the same people: a non-candidate mail never answers a candidate's,
  // so the linked set is exactly the messages that name a candidate.
  const recentIds: string[] = [];
  const lastIdWithCandidate = new Map<string, string>();
  try {
    for (let index = 0; index < count; index++) {
      const withCandidate = random() < 0.01;
      const other = withCandidate ? pick(candidates) : pick(contacts);
      const fromAlice = random() < 0.3;
      if (withCandidate) candidateMessages++;
      const messageId = `bench-${index}@mail.example`;
      const replyTo = withCandidate ? (lastIdWithCandidate.get(other.address) ?? null) : recentIds.length > 0 && random() < 0.25 ? pick(recentIds) : null;
      const subject = `${replyTo === null ? '' : 'Re: '}${pick(subjects)} ${index}`;
      const body = Array.from({ length: 3 + Math.floor(random() * 20) }, () => pick(sentences)).join('\r\n');
      const lines = [
        `Message-ID: <${messageId}>`,
        `Date: ${new Date(Date.UTC(2026, 0, 1) + index * 60_000).toUTCString()}`,
        fromAlice ? `From: Alice Recruiter <${ownAddress}>` : `From: ${other.name} <${other.address}>`,
        fromAlice ? `To: ${other.name} <${other.address}>` : `To: Alice Recruiter <${ownAddress}>`,
        ...(random() < 0.2 ? [`Cc: ${pick(contacts).address}`] : []),
        `Subject: ${subject}`,
        ...(replyTo === null ? [] : [`In-Reply-To: <${replyTo}>`, `References: <${replyTo}>`]),
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        body,
        '',
      ];
      const raw = Buffer.from(lines.join('\r\n'), 'utf8');
      fs.writeSync(descriptor, raw);
      lengths.push(raw.length);
      if (withCandidate) {
        lastIdWithCandidate.set(other.address, messageId);
      } else {
        recentIds.push(messageId);
        if (recentIds.length > 200) recentIds.shift();
      }
    }
  } finally {
    fs.closeSync(descriptor);
  }
  fs.renameSync(temporaryData, path.join(folder, 'messages.bin'));
  // Written last: a fixture without its manifest is generated again.
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify({ candidates, candidateMessages, lengths }));
}

/** A small fast seeded generator (public domain), so the fixture is the same on every machine. */
export function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const firstNames = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannah', 'Jonas', 'Lena', 'Lukas', 'Mia', 'Noah', 'Paul', 'Sophie', 'Tom'];
const lastNames = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Wolf'];
const domains = ['example.com', 'example.org', 'firma.example', 'agentur.example', 'lieferant.example'];
const subjects = ['Angebot', 'Rechnung', 'Termin', 'Newsletter', 'Projektstand', 'Meeting notes', 'Invoice', 'Quarterly report', 'Bewerbung', 'Rückfrage'];
const sentences = [
  'Vielen Dank für Ihre Nachricht.',
  'Anbei die Unterlagen wie besprochen.',
  'Können wir nächste Woche telefonieren?',
  'Please find the figures attached below.',
  'Let me know if anything is missing.',
  'Das Treffen verschiebt sich auf Donnerstag.',
  'Mit freundlichen Grüßen',
  'Best regards',
];
