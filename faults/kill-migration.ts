import Sqlite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEngineProcess } from '../bench/engine-process.js';
import { migrate } from '../electron/core/store/database.js';
import { migrations, newestSchemaVersion } from '../electron/core/store/migrations/index.js';
import { seqBase } from '../electron/core/store/repositories/messages-repository.js';
import { drawInt, sleep } from './kill-support.js';
import type { FaultKind, FaultRunContext, FaultRunResult } from './types.js';

// Issue 23, "a crash in the middle of a migration": a data folder at schema 11 (the
// migrations list cut there) holding tens of thousands of messages, so that migrations 12
// (the search index rebuilt from candidate mail) and 13 take a noticeable time at start.
// `hirebox serve` is started on it and SIGKILLed several times — the first time provably
// inside migration 12's transaction (held there by a seam once its SQL has run), the others
// held inside the next pending migration or at drawn moments of the start — then started normally: it must open at the newest schema with every row and
// search hit of the same store migrated without a kill, the file never left unusable.

const oldSchema = 11;
const terms = ['lebenslauf', 'bewerbung', 'interview', 'zeugnisse', 'gehalt*', 'mueller'];

function uuid(kind: number, index: number): string {
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/** The old-schema store: workspace, owner, a job, candidates, one mailbox's threads, messages and links, as rows. */
function buildOldStore(folder: string, random: () => number, messages: number): void {
  const db = new Sqlite(path.join(folder, 'hirebox.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : null));
  migrate(db, 0, migrations.filter((step) => step.version <= oldSchema));
  const now = new Date().toISOString();
  const ownerId = uuid(9, 1);
  db.prepare('INSERT INTO workspace (id, name, created_at) VALUES (?, ?, ?)').run(uuid(8, 1), 'Acme', now);
  db.prepare(`INSERT INTO users (id, name, email, role, is_owner, created_at) VALUES (?, 'Olivia Owner', 'olivia@acme.com', 'admin', 1, ?)`).run(ownerId, now);
  const jobId = uuid(7, 1);
  db.prepare(`INSERT INTO jobs (id, title, status, created_at) VALUES (?, 'Backend Engineer', 'open', ?)`).run(jobId, now);
  const mailboxId = uuid(1, 1);
  db.prepare(`INSERT INTO mailboxes (id, address, display_name, provider, kind, owner_user_id, status, created_at) VALUES (?, 'olivia@acme.com', 'Olivia', 'imap', 'personal', ?, '{"state":"up-to-date"}', ?)`).run(mailboxId, ownerId, now);
  const candidates = Math.max(50, Math.floor(messages / 20));
  const names = ['Müller', 'Schmidt', 'Weber', 'Yılmaz', 'Nowak', 'Rossi'];
  const words = ['Lebenslauf', 'Bewerbung', 'Interview', 'Zeugnisse', 'Gehaltsvorstellung', 'Termin', 'Rückfrage', 'Angebot'];
  const insertCandidate = db.prepare('INSERT INTO candidates (id, name, created_at) VALUES (?, ?, ?)');
  const insertAddress = db.prepare('INSERT INTO candidate_addresses (address, candidate_id, is_primary, internal) VALUES (?, ?, 1, 0)');
  const insertApplication = db.prepare(`INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES (?, ?, ?, 'applied', ?)`);
  const insertThread = db.prepare('INSERT INTO threads (id, mailbox_id, created_at) VALUES (?, ?, ?)');
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, seq, dedupe_key, message_id_header, content_hash, subject, from_json, to_json, date, snippet, body_state, body_text, thread_id, created_at, subject_key, internal_date, attachment_names)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLink = db.prepare(`INSERT INTO links (message_id, candidate_id, reason, created_at) VALUES (?, ?, 'address', ?)`);
  db.transaction(() => {
    for (let index = 0; index < candidates; index++) {
      const id = uuid(5, index);
      insertCandidate.run(id, `Kandidat ${names[index % names.length]} ${index}`, now);
      insertAddress.run(`cand${index}@example.test`, id);
      insertApplication.run(uuid(6, index), id, jobId, now);
    }
    let thread = -1;
    let candidate: number | null = null;
    const base = Date.now() - messages * 60_000;
    for (let index = 0; index < messages; index++) {
      if (thread < 0 || random() < 0.4) {
        thread++;
        candidate = random() < 0.4 ? Math.floor(random() * candidates) : null;
        insertThread.run(uuid(2, thread), mailboxId, now);
      }
      const date = new Date(base + index * 60_000).toISOString();
      const word = words[Math.floor(random() * words.length)]!;
      const subject = candidate === null ? `Wochenplanung ${index}` : `${word} ${names[candidate % names.length]}`;
      const from = candidate === null ? { name: 'Team', address: `team${index % 30}@acme.com` } : { name: `Kandidat ${candidate}`, address: `cand${candidate}@example.test` };
      const body = candidate === null ? null : `Hallo, anbei ${word} und ${words[Math.floor(random() * words.length)]}. Mit freundlichen Grüßen`;
      const id = uuid(3, index);
      const header = `<${index}.s@migration.hirebox.test>`;
      insertMessage.run(id, seqBase(date) + index, `mid:${header}`, header, index.toString(16).padStart(64, '0'), subject, JSON.stringify([from]), JSON.stringify([{ name: 'Olivia', address: 'olivia@acme.com' }]), date, body === null ? 'none' : 'full', body, uuid(2, thread), now, subject.toLowerCase(), date, candidate !== null && random() < 0.3 ? 'Lebenslauf.pdf' : '');
      if (candidate !== null && random() < 0.7) insertLink.run(id, uuid(5, candidate), now);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

interface Snapshot {
  version: number;
  integrity: string;
  counts: Record<string, number>;
  messageIds: Set<string>;
  links: Set<string>;
  duplicateKeys: number;
  hits: Record<string, string>;
}

function snapshot(folder: string): Snapshot {
  const db = new Sqlite(path.join(folder, 'hirebox.db'));
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const counts: Record<string, number> = {};
    for (const table of ['messages', 'links', 'candidates', 'candidate_addresses', 'applications', 'threads']) counts[table] = count(`SELECT count(*) AS n FROM ${table}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version >= 12) counts.indexed = count('SELECT count(*) AS n FROM messages WHERE search_indexed = 1');
    const hits: Record<string, string> = {};
    if (version >= 12) for (const term of terms) hits[term] = (db.prepare('SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid').all(term) as { rowid: number }[]).map((row) => row.rowid).join(',');
    return {
      version,
      integrity: String(db.pragma('integrity_check', { simple: true })),
      counts,
      messageIds: new Set((db.prepare('SELECT id FROM messages').all() as { id: string }[]).map((row) => row.id)),
      links: new Set((db.prepare('SELECT message_id || candidate_id AS k FROM links').all() as { k: string }[]).map((row) => row.k)),
      duplicateKeys: count('SELECT count(*) - count(DISTINCT dedupe_key) AS n FROM messages'),
      hits,
    };
  } finally {
    db.close();
  }
}

/** `hirebox serve` on `folder`; resolves with the ms until it was ready, or null once SIGKILLed at `killAfterMs`. */
async function startAndMaybeKill(folder: string, killAfterMs: number | null): Promise<number | null> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/hirebox.js', 'serve', '--data', folder, '--port', '0'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, HIREBOX_DATA: '' } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<number>((resolve) => child.stdout!.once('data', () => resolve(performance.now() - started)));
  if (killAfterMs === null) {
    const ms = await Promise.race([ready, exited.then(() => -1)]);
    child.kill('SIGTERM');
    await exited;
    if (ms < 0) throw new Error('hirebox serve exited before it was ready');
    return ms;
  }
  const outcome = await Promise.race([ready.then(() => 'ready' as const), sleep(killAfterMs).then(() => 'kill' as const), exited.then(() => 'exited' as const)]);
  child.kill('SIGKILL');
  await exited;
  if (outcome === 'exited') throw new Error('hirebox serve exited by itself during its start');
  return outcome === 'ready' ? performance.now() - started : null;
}

/**
 * `hirebox serve` on `folder` with migration `version` held inside its transaction (the
 * `HIREBOX_FAULT_HOLD_MIGRATION` seam of electron/core/store/database.ts): SIGKILLed once it
 * says its SQL has run and how many rows it wrote, so the kill lands inside its writes, before
 * the commit. Resolves with those rows.
 */
async function killInsideMigration(folder: string, version: number): Promise<number> {
  const child = spawn(process.execPath, ['bin/hirebox.js', 'serve', '--data', folder, '--port', '0'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HIREBOX_DATA: '', HIREBOX_FAULT_HOLD_MIGRATION: String(version) } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let text = '';
  const held = new Promise<number>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = new RegExp(`migration ${version} in transaction, (\\d+) rows written`).exec(text);
      if (found !== null) resolve(Number(found[1]));
    });
  });
  const outcome = await Promise.race([held, new Promise<'ready'>((resolve) => child.stdout!.once('data', () => resolve('ready'))), exited.then(() => 'exited' as const), sleep(60_000).then(() => 'timeout' as const)]);
  child.kill('SIGKILL');
  await exited;
  if (typeof outcome !== 'number') throw new Error(`migration ${version} was not held inside its transaction (${outcome}): ${text.slice(0, 300)}`);
  return outcome;
}

async function run(context: FaultRunContext): Promise<FaultRunResult> {
  const { random, log } = context;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-migkill-'));
  try {
    const old = path.join(root, 'old');
    const reference = path.join(root, 'reference');
    const killed = path.join(root, 'killed');
    fs.mkdirSync(old);
    const messages = drawInt(random, 20_000, 40_000);
    buildOldStore(old, random, messages);
    fs.cpSync(old, reference, { recursive: true });
    fs.cpSync(old, killed, { recursive: true });
    const before = snapshot(old);
    // The same store migrated by a start without a kill: how long a start takes, and what it must end at.
    const startMs = (await startAndMaybeKill(reference, null))!;
    const expected = snapshot(reference);
    log(`schema ${oldSchema} store: ${messages} messages, ${before.counts.links} links, ${before.counts.candidates} candidates; an unkilled start (migrating to ${newestSchemaVersion}) took ${Math.round(startMs)} ms`);
    const details: string[] = [];
    const kills = drawInt(random, 2, 4);
    let schema = oldSchema;
    for (let index = 0; index < kills; index++) {
      // The first kill lands provably inside migration 12's writes; the others are drawn: held
      // inside the next pending migration, or at a drawn moment of the start.
      const hold = schema < newestSchemaVersion && (index === 0 || random() < 0.5) ? schema + 1 : null;
      let how: string;
      if (hold !== null) {
        const rows = await killInsideMigration(killed, hold);
        how = `SIGKILL inside migration ${hold}'s transaction after it wrote ${rows} rows`;
      } else {
        const at = drawInt(random, Math.round(startMs * 0.2), Math.round(startMs * 0.95));
        const readyFirst = await startAndMaybeKill(killed, at);
        how = `SIGKILL ${at} ms into the start${readyFirst === null ? '' : ' (it was ready already)'}`;
      }
      const wal = fs.existsSync(path.join(killed, 'hirebox.db-wal')) ? fs.statSync(path.join(killed, 'hirebox.db-wal')).size : 0;
      const after = snapshot(killed);
      log(`kill ${index + 1}: ${how}; WAL ${wal} bytes; then at schema ${after.version}, integrity ${after.integrity}`);
      // Held inside migration v: the old schema must be intact (v − 1), nothing of v committed.
      if (hold !== null && after.version !== hold - 1) details.push(`after a kill inside migration ${hold} the schema is ${after.version}, not ${hold - 1}`);
      if (hold !== null && hold === 12 && after.counts.indexed !== undefined) details.push('after a kill inside migration 12 its search columns are there');
      schema = after.version;
      if (after.integrity !== 'ok') details.push(`after kill ${index + 1} the database fails integrity_check: ${after.integrity}`);
      if (after.version < oldSchema || after.version > newestSchemaVersion) details.push(`after kill ${index + 1} the schema is ${after.version}`);
      if (after.counts.messages !== before.counts.messages || after.counts.links !== before.counts.links) details.push(`after kill ${index + 1}: ${after.counts.messages} messages and ${after.counts.links} links (were ${before.counts.messages}, ${before.counts.links})`);
    }
    await (await startEngineProcess({ dataFolder: killed, stderr: 'ignore' })).stop();
    const result = snapshot(killed);
    if (result.version !== newestSchemaVersion) details.push(`opened at schema ${result.version}, not ${newestSchemaVersion}`);
    if (result.integrity !== 'ok') details.push(`integrity_check: ${result.integrity}`);
    for (const [table, n] of Object.entries(expected.counts)) if (result.counts[table] !== n) details.push(`${table}: ${result.counts[table]} (migrated without a kill: ${n})`);
    for (const term of terms) if (result.hits[term] !== expected.hits[term]) details.push(`search "${term}" differs from the store migrated without a kill`);
    const lost = [...expected.messageIds].filter((id) => !result.messageIds.has(id)).length + [...expected.links].filter((key) => !result.links.has(key)).length;
    const duplicated = result.duplicateKeys + Math.max(0, result.counts.messages! - expected.counts.messages!) + Math.max(0, result.counts.links! - expected.counts.links!);
    log(`reopened at schema ${result.version}: ${result.counts.messages} messages, ${result.counts.links} links, ${result.counts.indexed} indexed; ${terms.length} searches as without a kill: ${terms.every((term) => result.hits[term] === expected.hits[term])}`);
    return { lost, duplicated, unexpected: 0, doubleSends: 0, details };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export const killDuringMigration: FaultKind = {
  name: 'kill-during-migration',
  description: `a schema-${oldSchema} store of 20–40k messages; hirebox serve SIGKILLed 2–4 times: first inside migration 12's transaction after its writes, then inside the next migration or at drawn moments of its start, then started: newest schema, every row and search hit as migrated without a kill`,
  run,
};
