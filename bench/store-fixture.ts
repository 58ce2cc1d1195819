import Sqlite from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installationOwner, userCaller } from '../electron/core/api/caller.js';
import { newestSchemaVersion } from '../electron/core/store/migrations/index.js';
import { seqBase } from '../electron/core/store/repositories/messages-repository.js';
import { openTestEngine, value } from '../test/support/engine.js';

/**
 * A data folder filled straight into SQLite, for the search and UI benchmarks: the
 * workspace, users, jobs and candidates through the contract (in-process engine), then one
 * personal mailbox's threads, messages, links and attachments as rows in the store's own
 * tables. The store's triggers do the rest exactly as they do for synced mail: thread
 * counters (migration 1), the full-text index `message_search` (migrations 2 and 7, with the
 * attachment names copied onto the message row). Rows sync writes that neither benchmark
 * reads (message_locations, thread_nodes, folders) are left out.
 *
 * Generated from a fixed seed and cached under ~/.cache/hirebox-bench (HIREBOX_BENCH_CACHE),
 * keyed by the sizes and the store's schema version; a run copies nothing into the repo.
 * The mailbox has no connection, so the engine never tries to sync it.
 */
export interface StoreFixtureOptions {
  /** Messages in the mailbox. */
  messages: number;
  /** Share of threads with a candidate (those have bodies and links); 1 = every thread visible. */
  candidateThreadShare: number;
  candidates: number;
  jobs: number;
  /** Jobs the hiring manager is on (of `jobs`). */
  managerJobs: number;
  /** Messages per thread, 1..maxPerThread, average about (1 + max) / 2. */
  maxPerThread: number;
  log: (line: string) => void;
}

export interface StoreFixture {
  /** The cached data folder (read it, or copy it before writing). */
  folder: string;
  ownerEmail: string;
  ownerUserId: string;
  managerUserId: string;
  managerJobIds: string[];
  threads: number;
  candidateThreads: number;
  linkedMessages: number;
  /** How long generating took, or null when it came from the cache. */
  buildMs: number | null;
  /**
   * Set when no fixture of this schema was cached but one of an older schema was: it was
   * copied and opened by the store, which ran the migrations in between (`ms`), instead of
   * generating it again. Null otherwise.
   */
  upgradedFrom: { schema: number; ms: number } | null;
}

const schemaVersion = newestSchemaVersion;
const ownerEmail = 'olivia@acme.com';

export function benchCacheFolder(): string {
  return process.env.HIREBOX_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'hirebox-bench');
}

/** A small seeded generator (mulberry32), so every machine builds the same fixture. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['Anna', 'Bernd', 'Claudia', 'Daniel', 'Elif', 'Felix', 'Greta', 'Hannes', 'Ines', 'Jonas', 'Katrin', 'Lukas', 'Mia', 'Niklas', 'Olga', 'Paul', 'Rosa', 'Stefan', 'Tanja', 'Uwe', 'Vera', 'Wolfgang', 'Yusuf', 'Zoe', 'James', 'Emily', 'Oliver', 'Sophie', 'William', 'Grace', 'Liam', 'Chloe', 'Noah', 'Amelia', 'Mehmet', 'Aylin', 'Piotr', 'Agnieszka', 'Luca', 'Giulia', 'Jürgen', 'Björn', 'Sören', 'Małgorzata', 'François', 'Zoë'];
const lastNames = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Braun', 'Zimmermann', 'Krüger', 'Hartmann', 'Lange', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Yılmaz', 'Kaya', 'Nowak', 'Kowalski', 'Rossi', 'Bianchi', 'Dubois', 'Jansen', 'de Vries'];
const companies = ['example.org', 'mail.de', 'web.de', 'gmx.net', 'posteo.de', 'outlook.com', 'fastmail.com', 'partner-gmbh.de', 'lieferant.com', 'kunde-ag.de', 'newsletter.io', 'events.example'];
const candidateSubjects = [
  'Bewerbung als {job}', 'Ihre Bewerbung als {job}', 'Application for {job}', 'Re: Bewerbung als {job}', 'Termin für das Vorstellungsgespräch',
  'Interview invitation – {job}', 'Unterlagen nachgereicht', 'Lebenslauf und Zeugnisse', 'Rückfrage zu Ihrer Bewerbung', 'Follow-up on my application',
  'Angebot: {job}', 'Offer letter – {job}', 'Absage', 'Re: Interview next week', 'Gehaltsvorstellung und Eintrittstermin', 'Referenzen',
];
const otherSubjects = [
  'Wochenplanung', 'Team-Meeting am Montag', 'Rechnung {n}', 'Your order #{n} has shipped', 'Newsletter: Neues aus der Branche', 'Quarterly report Q{q}',
  'Einladung: Sommerfest', 'Re: Budget 2027', 'Urlaubsantrag', 'Reminder: timesheet', 'Protokoll der Besprechung', 'Welcome to the webinar',
  'Re: Angebot Büromaterial', 'Password expiry notice', 'Fwd: Präsentation Vertrieb', 'Lunch on Friday?', 'Update zur Projektplanung', 'Security alert',
];
const jobTitles = ['Backend Engineer', 'Frontend Entwicklerin', 'Sales Lead', 'Product Manager', 'Data Scientist', 'Buchhalter', 'Office Manager', 'DevOps Engineer', 'UX Designer', 'Werkstudent Marketing', 'Projektleiter Bau', 'Personalreferentin', 'Key Account Manager', 'Support Engineer', 'Controller', 'Java Entwickler', 'QA Engineer', 'Teamleitung Logistik', 'IT-Administrator', 'Content Writer'];
const germanSentences = [
  'Sehr geehrte Damen und Herren, hiermit bewerbe ich mich auf die ausgeschriebene Stelle.',
  'Ich freue mich auf das Gespräch am Montag um zehn Uhr.',
  'Anbei finden Sie meinen Lebenslauf sowie meine Zeugnisse.',
  'Vielen Dank für die Einladung zum Vorstellungsgespräch.',
  'Meine Gehaltsvorstellung liegt bei etwa 65.000 Euro brutto im Jahr.',
  'Ich könnte frühestens zum ersten des übernächsten Monats anfangen.',
  'Leider muss ich den Termin verschieben, passt Ihnen auch Donnerstag?',
  'In meiner bisherigen Tätigkeit habe ich ein Team von fünf Personen geleitet.',
  'Über eine Rückmeldung würde ich mich sehr freuen.',
  'Mit freundlichen Grüßen',
  'Wir haben Ihre Unterlagen erhalten und melden uns in den nächsten Tagen.',
  'Die Referenzen meiner früheren Arbeitgeber reiche ich gerne nach.',
];
const englishSentences = [
  'Dear hiring team, I am writing to apply for the position advertised on your website.',
  'Thank you for the interview yesterday, I really enjoyed meeting the team.',
  'Please find attached my resume and cover letter.',
  'I am available for a call any day next week except Wednesday.',
  'My notice period is three months, so I could start in spring.',
  'I have five years of experience with TypeScript, Postgres and Kubernetes.',
  'Looking forward to hearing from you.',
  'Best regards',
  'Could you share more details about the team and the interview process?',
  'I would be happy to provide references from my previous employers.',
];
const attachmentNames = ['Lebenslauf_{last}.pdf', 'Anschreiben_{last}.docx', 'Zeugnisse_{last}.pdf', 'CV_{first}_{last}.pdf', 'Cover_Letter.pdf', 'Portfolio_{first}.pdf', 'Arbeitsprobe.zip', 'Zertifikat_Scrum.pdf', 'Referenzen.pdf'];

function uuid(kind: number, index: number): string {
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .replace(/[^A-Za-z0-9]+/g, '.')
    .toLowerCase();
}

function fixtureBase(name: string, options: Omit<StoreFixtureOptions, 'log'>): string {
  return `${name}-${options.messages}m-${options.candidates}c-${options.jobs}j-${options.candidateThreadShare}s-${options.maxPerThread}t`;
}

/**
 * The newest cached fixture of these sizes written at an older schema than this build's,
 * or null: what a migration's time is measured on (a copy of it), and what a new schema
 * upgrades instead of generating the store again.
 */
export function olderStoreFixture(name: string, options: Omit<StoreFixtureOptions, 'log'>): { folder: string; schema: number } | null {
  const base = fixtureBase(name, options);
  const escaped = base.replace(/[.*+?^$()|[\]\\{}]/g, (character) => `\\${character}`);
  const pattern = new RegExp(`^${escaped}-schema(\\d+)-v1$`);
  const found = (fs.existsSync(benchCacheFolder()) ? fs.readdirSync(benchCacheFolder()) : [])
    .map((entry) => ({ entry, match: pattern.exec(entry) }))
    .filter(({ entry, match }) => match !== null && Number(match[1]) < schemaVersion && fs.existsSync(path.join(benchCacheFolder(), entry, 'bench-fixture.json')))
    .map(({ entry, match }) => ({ folder: path.join(benchCacheFolder(), entry), schema: Number(match![1]) }))
    .sort((a, b) => b.schema - a.schema);
  return found[0] ?? null;
}

/** Copies a data folder (the database, its WAL if any, the fixture's description). */
export function copyDataFolder(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

export async function storeFixture(name: string, options: StoreFixtureOptions): Promise<StoreFixture> {
  const key = `${fixtureBase(name, options)}-schema${schemaVersion}-v1`;
  const folder = path.join(benchCacheFolder(), key);
  const metaFile = path.join(folder, 'bench-fixture.json');
  if (fs.existsSync(metaFile)) {
    options.log(`fixture ${key} from the cache`);
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Omit<StoreFixture, 'folder' | 'buildMs'>;
    return { ...meta, upgradedFrom: meta.upgradedFrom ?? null, folder, buildMs: null };
  }
  const older = olderStoreFixture(name, options);
  if (older !== null) {
    // The same rows at an older schema: the store's own migrations bring a copy up to date.
    const upgrading = `${folder}.upgrading-${process.pid}`;
    options.log(`upgrading the cached fixture of schema ${older.schema} to ${schemaVersion} (a copy; the old one stays)`);
    copyDataFolder(older.folder, upgrading);
    const started = performance.now();
    const upgraded = openTestEngine({ dataFolder: upgrading });
    await upgraded.engine.close();
    const ms = Math.round(performance.now() - started);
    const db = new Sqlite(path.join(upgrading, 'hirebox.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const meta = { ...(JSON.parse(fs.readFileSync(path.join(older.folder, 'bench-fixture.json'), 'utf8')) as Omit<StoreFixture, 'folder' | 'buildMs' | 'upgradedFrom'>), upgradedFrom: { schema: older.schema, ms } };
    fs.writeFileSync(path.join(upgrading, 'bench-fixture.json'), JSON.stringify(meta, null, 2));
    fs.rmSync(folder, { recursive: true, force: true });
    fs.renameSync(upgrading, folder);
    options.log(`fixture upgraded in ${Math.round(ms / 1000)} s`);
    return { ...meta, folder, buildMs: null };
  }
  const building = `${folder}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  const started = performance.now();
  options.log(`building fixture ${key} (once; cached in ${benchCacheFolder()})`);
  const random = seeded(20261207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  // The directory through the contract, as the app would create it.
  const subject = openTestEngine({ dataFolder: building });
  const { engine } = subject;
  const session = value(await engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme GmbH', domains: ['acme.com'], owner: { name: 'Olivia Owner', email: ownerEmail } }));
  const ownerId = session.user.id;
  const manager = value(await engine.call(installationOwner, 'users:create', { name: 'Hank Manager', email: 'hank@acme.com', role: 'hiring-manager' }));
  const jobs: { id: string; title: string }[] = [];
  for (let index = 0; index < options.jobs; index++) {
    const title = `${jobTitles[index % jobTitles.length]}${index >= jobTitles.length ? ` ${Math.floor(index / jobTitles.length) + 1}` : ''}`;
    const job = value(await engine.call(installationOwner, 'jobs:create', { title, teamUserIds: index < options.managerJobs ? [manager.id] : [] }));
    jobs.push({ id: job.id, title });
  }
  const candidates: { id: string; name: string; first: string; last: string; address: string; job: string }[] = [];
  for (let index = 0; index < options.candidates; index++) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const address = `${ascii(first)}.${ascii(last)}.${index}@${pick(companies)}`;
    const job = jobs[index % jobs.length]!;
    const candidate = value(await engine.call(userCaller(ownerId), 'candidates:create', { name: `${first} ${last}`, addresses: [address], applications: [{ jobId: job.id }] }));
    candidates.push({ id: candidate.id, name: `${first} ${last}`, first, last, address, job: job.title });
    if ((index + 1) % 1000 === 0) options.log(`  ${index + 1} candidates`);
  }
  await engine.close();

  // The mail, as rows: the same tables and triggers sync writes through.
  const db = new Sqlite(path.join(building, 'hirebox.db'));
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  const mailboxId = uuid(1, 1);
  const now = new Date();
  db.prepare(
    `INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, status, last_synced_at, created_at)
     VALUES (?, ?, 'Olivia Owner', 'imap', 'personal', ?, '{"state":"up-to-date"}', ?, ?)`,
  ).run(mailboxId, ownerEmail, ownerId, now.toISOString(), now.toISOString());
  const insertThread = db.prepare('INSERT INTO threads (id, mailbox_id, created_at) VALUES (?, ?, ?)');
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, seq, dedupe_key, message_id_header, content_hash, in_reply_to, references_json, subject, from_json, to_json,
       date, snippet, has_attachments, body_state, body_text, size, thread_id, created_at, subject_key, internal_date, attachment_names)
     VALUES (@id, @seq, @dedupeKey, @messageIdHeader, @contentHash, @inReplyTo, @referencesJson, @subject, @fromJson, @toJson,
       @date, @snippet, @hasAttachments, @bodyState, @bodyText, @size, @threadId, @createdAt, @subjectKey, @date, @attachmentNames)`,
  );
  const insertLink = db.prepare(`INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES (?, ?, 'address', ?)`);
  const insertAttachment = db.prepare(`INSERT INTO attachments (id, message_id, file_name, mime_type, size) VALUES (?, ?, ?, ?, ?)`);

  const owner = { name: 'Olivia Owner', address: ownerEmail };
  const spanSeconds = 2 * 365 * 24 * 3600;
  const newest = Math.floor(now.getTime() / 1000) - 120;
  const step = Math.max(1, Math.floor(spanSeconds / options.messages));
  // Open threads a message may join (a reply), newest last.
  const open: { id: string; index: number; candidate: (typeof candidates)[number] | null; subject: string; left: number; lastHeader: string; references: string[] }[] = [];
  let threads = 0;
  let candidateThreads = 0;
  let linkedMessages = 0;
  let attachmentCount = 0;
  const batch = 20_000;
  const createdAt = now.toISOString();
  const insertSome = db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) {
      const date = new Date((newest - (options.messages - 1 - index) * step) * 1000).toISOString();
      let thread = open.length > 0 && random() < 0.6 ? open[Math.floor(random() * open.length)]! : null;
      if (thread === null) {
        const candidate = random() < options.candidateThreadShare ? pick(candidates) : null;
        const subject = (candidate ? pick(candidateSubjects) : pick(otherSubjects))
          .replace('{job}', candidate?.job ?? '')
          .replace('{n}', String(10_000 + Math.floor(random() * 90_000)))
          .replace('{q}', String(1 + Math.floor(random() * 4)));
        thread = { id: uuid(2, threads), index: threads, candidate, subject, left: 1 + Math.floor(random() * options.maxPerThread), lastHeader: '', references: [] };
        threads++;
        if (candidate) candidateThreads++;
        insertThread.run(thread.id, mailboxId, date);
        open.push(thread);
      }
      thread.left--;
      if (thread.left <= 0 || open.length > 40) {
        const at = thread.left <= 0 ? open.indexOf(thread) : 0;
        open.splice(at, 1);
      }
      const messageIdHeader = `<${index}.${thread.index}@bench.hirebox.test>`;
      const candidate = thread.candidate;
      const isReply = thread.lastHeader !== '';
      const subject = isReply && !thread.subject.startsWith('Re: ') ? `Re: ${thread.subject}` : thread.subject;
      let from: { name: string; address: string };
      let to: { name: string; address: string }[];
      if (candidate) {
        const fromCandidate = random() < 0.6;
        from = fromCandidate ? { name: candidate.name, address: candidate.address } : owner;
        to = [fromCandidate ? owner : { name: candidate.name, address: candidate.address }];
      } else {
        const first = pick(firstNames);
        const last = pick(lastNames);
        from = random() < 0.3 ? owner : { name: `${first} ${last}`, address: `${ascii(first)}.${ascii(last)}@${pick(companies)}` };
        to = [from === owner ? { name: `${pick(firstNames)} ${pick(lastNames)}`, address: `kontakt@${pick(companies)}` } : owner];
      }
      let bodyText: string | null = null;
      let names: string[] = [];
      if (candidate) {
        const sentences = random() < 0.5 ? germanSentences : englishSentences;
        const parts = [`${sentences === germanSentences ? 'Hallo' : 'Hello'} ${to[0]!.name.split(' ')[0]},`];
        const count = 3 + Math.floor(random() * 6);
        for (let sentence = 0; sentence < count; sentence++) parts.push(pick(sentences));
        parts.push(from.name);
        bodyText = parts.join('\n');
        if (random() < 0.3) {
          const count = 1 + Math.floor(random() * 3);
          for (let file = 0; file < count; file++) names.push(pick(attachmentNames).replace('{first}', candidate.first).replace('{last}', candidate.last.replace(/ /g, '_')));
          names = [...new Set(names)];
        }
      }
      const id = uuid(3, index);
      insertMessage.run({
        id,
        seq: seqBase(date),
        dedupeKey: `mid:${messageIdHeader}`,
        messageIdHeader,
        contentHash: index.toString(16).padStart(64, '0'),
        inReplyTo: isReply ? thread.lastHeader : null,
        referencesJson: JSON.stringify(thread.references.slice(-10)),
        subject,
        fromJson: JSON.stringify([from]),
        toJson: JSON.stringify(to),
        date,
        snippet: bodyText === null ? '' : bodyText.replace(/\s+/g, ' ').slice(0, 200),
        hasAttachments: names.length > 0 ? 1 : 0,
        bodyState: bodyText === null ? 'none' : 'full',
        bodyText,
        size: 1500 + Math.floor(random() * 60_000),
        threadId: thread.id,
        createdAt,
        subjectKey: thread.subject.toLowerCase(),
        // Copied from the attachments in id order, as migration 7's trigger does; the inserts below recompute the same text.
        attachmentNames: names.join(' '),
      });
      names.forEach((fileName, position) => {
        insertAttachment.run(uuid(4, attachmentCount++), id, fileName, fileName.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream', 20_000 + position);
      });
      if (candidate) {
        insertLink.run(id, candidate.id, createdAt);
        linkedMessages++;
      }
      thread.lastHeader = messageIdHeader;
      thread.references.push(messageIdHeader);
    }
  });
  for (let from = 0; from < options.messages; from += batch) {
    insertSome(from, Math.min(options.messages, from + batch));
    if ((from / batch) % 10 === 9 || from + batch >= options.messages) options.log(`  ${Math.min(options.messages, from + batch)} messages (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  // No ANALYZE: the store never runs it, so the planner sees what an installation's does.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const fixture: Omit<StoreFixture, 'folder' | 'buildMs'> = {
    upgradedFrom: null,
    ownerEmail,
    ownerUserId: ownerId,
    managerUserId: manager.id,
    managerJobIds: jobs.slice(0, options.managerJobs).map((job) => job.id),
    threads,
    candidateThreads,
    linkedMessages,
  };
  fs.writeFileSync(path.join(building, 'bench-fixture.json'), JSON.stringify(fixture, null, 2));
  fs.rmSync(folder, { recursive: true, force: true });
  fs.renameSync(building, folder);
  const buildMs = Math.round(performance.now() - started);
  options.log(`fixture built in ${Math.round(buildMs / 1000)} s`);
  return { ...fixture, folder, buildMs };
}
