import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateProfile, MailboxSummary, SyncRunSummary, ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { projectRoot } from '../support/cli.js';
import { connectDovecotMailbox, openTestEngine, value, type TestEngine } from '../support/engine.js';
import { startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Every mail of the shared corpus (../shared/corpus/mime, the Ruby mail gem's fixtures, many
// broken on purpose) in one INBOX, synced once through the contract. Whether each file links
// is not decided by any parser here: test/fixtures/corpus/expected.json records, per file,
// the address a reviewer read in it (or null when it has none that can be read) and whether
// the mail must link to the candidate holding that address. See test/fixtures/corpus/README.md.

interface Expectation {
  /** Path below the corpus folder. */
  file: string;
  /** The address chosen in review; a candidate holds it. Null: the file has no readable address. */
  candidate: string | null;
  /** Whether the mail must link to that candidate (PRODUCT.md "Matching"). */
  linked: boolean;
  why: string;
  /**
   * Set while the product disagrees with the review: what it does instead. The test then
   * expects the other outcome, so fixing the product (or the review) means removing this.
   */
  disagreement?: string;
}

const corpusFolder = path.resolve(projectRoot, '..', 'shared', 'corpus', 'mime');
const expected: Expectation[] = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'corpus', 'expected.json'), 'utf8'));
const owner = 'alice@hirebox.test';
const hour = 60 * 60 * 1000;

/** Every mail file below the corpus folder, sorted; the licence and dot files are no mail. */
function corpusFiles(folder: string, below = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(folder, below), { withFileTypes: true })) {
    const relative = below === '' ? entry.name : `${below}/${entry.name}`;
    if (entry.name.startsWith('.') || entry.name === 'LICENSE') continue;
    if (entry.isDirectory()) files.push(...corpusFiles(folder, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}


let dovecot: Dovecot;
let subject: TestEngine;
let mailbox: MailboxSummary;
let firstRun: SyncRunSummary;
let files: string[];
const candidateIds = new Map<string, string>();

beforeAll(async () => {
  files = corpusFiles(corpusFolder);
  dovecot = await startDovecot();
  subject = openTestEngine();
  await subject.engine.call(installationOwner, 'setup:create', { workspaceName: 'Acme', domains: ['hirebox.test'], owner: { name: 'Alice Owner', email: owner } });
  const job = value(await subject.engine.call(installationOwner, 'jobs:create', { title: 'Backend Engineer' }));
  const addresses = [...new Set(expected.map((entry) => entry.candidate).filter((address): address is string => address !== null))];
  for (const [index, address] of addresses.entries()) {
    const candidate: CandidateProfile = value(
      await subject.engine.call(installationOwner, 'candidates:create', { name: `Corpus Candidate ${index + 1}`, addresses: [address], applications: [{ jobId: job.id }] }),
    );
    candidateIds.set(address, candidate.id);
  }
  // All in the initial window, in file order: Dovecot gives UIDs in the order written.
  const internalDate = new Date(Date.now() - hour);
  writeMaildirMessages(dovecot, owner, 'INBOX', files.map((file) => ({ internalDate, raw: fs.readFileSync(path.join(corpusFolder, file)) })));

  mailbox = await connectDovecotMailbox(subject.engine, dovecot, owner);
  firstRun = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
}, 60_000);

afterAll(async () => {
  await subject?.dispose();
  await dovecot?.stop();
});

async function threads(): Promise<ThreadSummary[]> {
  const all: ThreadSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = value(await subject.engine.call(installationOwner, 'inbox:list', { limit: 100, ...(cursor === undefined ? {} : { cursor }) }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

/** The stored message at a UID of INBOX and the candidates linked to that very message. */
interface StoredAt {
  messageId: string;
  candidateIds: string[];
}

/**
 * What the sync stored for each UID of INBOX (file `index` has UID `index + 1`: the INBOX
 * was empty and Dovecot numbers files in the order written). No channel lists the links of
 * one message yet (threads join several), so they are read from the database, read-only.
 */
function storedByUid(): Map<number, StoredAt> {
  const inbox = subject.engine.store.folders.list(mailbox.id).find((folder) => folder.path === 'INBOX')!;
  const db = new Sqlite(path.join(subject.dataFolder, 'hirebox.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[string, string, number], { uid: number; messageId: string; candidateIds: string }>(
        `SELECT l.uid AS uid, l.message_id AS messageId,
                (SELECT json_group_array(k.candidate_id) FROM links k WHERE k.message_id = l.message_id) AS candidateIds
         FROM message_locations l WHERE l.mailbox_id = ? AND l.folder_id = ? AND l.uidvalidity = ?`,
      )
      .all(mailbox.id, inbox.id, inbox.uidValidity!);
    return new Map(rows.map((row) => [row.uid, { messageId: row.messageId, candidateIds: JSON.parse(row.candidateIds) as string[] }]));
  } finally {
    db.close();
  }
}

/** The outcome the product must show today: the review's, unless a disagreement is recorded. */
const linkedToday = (entry: Expectation) => (entry.disagreement === undefined ? entry.linked : !entry.linked);

describe('the mail-gem corpus, synced through the contract', () => {
  it('has an expectation for every file of the corpus, and for no other', () => {
    expect(expected.map((entry) => entry.file)).toEqual(files);
    // A file can only link through an address read in review.
    expect(expected.filter((entry) => entry.linked && entry.candidate === null).map((entry) => entry.file)).toEqual([]);
  });

  it('scans every file and finishes up to date (no crash, no hang)', async () => {
    expect(firstRun.headersScanned).toBe(files.length);
    expect(firstRun.messagesStored).toBeGreaterThan(0);
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.status).toEqual({ state: 'up-to-date' });
  });

  it('links each file exactly as the review says, and the inbox shows it', async () => {
    const listed = await threads();
    const stored = storedByUid();
    expect(Math.max(...stored.keys())).toBeLessThanOrEqual(files.length);
    const differences: string[] = [];
    for (const [index, entry] of expected.entries()) {
      const at = stored.get(index + 1);
      // No readable address: nothing may link, so nothing is stored (R2).
      const linked = entry.candidate === null ? at !== undefined : (at?.candidateIds.includes(candidateIds.get(entry.candidate)!) ?? false);
      if (linked !== linkedToday(entry)) {
        const wanted = entry.disagreement === undefined ? `${entry.linked ? 'linked' : 'not linked'} (${entry.why})` : `the recorded disagreement (${entry.disagreement})`;
        differences.push(`${entry.file}: expected ${wanted}, got ${linked ? 'linked' : 'not linked'}`);
        continue;
      }
      if (linked && entry.candidate !== null) {
        // Through the contract: the thread of the file's message lists the candidate.
        const threadId = subject.engine.store.messages.get(at!.messageId)?.threadId;
        const thread = listed.find((item) => item.id === threadId);
        if (!thread?.candidates.some((candidate) => candidate.id === candidateIds.get(entry.candidate!))) differences.push(`${entry.file}: linked, but inbox:list does not show the candidate on its thread`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('shows exactly the candidates of linked files in the inbox', async () => {
    const shown = new Set((await threads()).flatMap((thread) => thread.candidates.map((candidate) => candidate.id)));
    const linked = new Set(expected.filter((entry) => entry.candidate !== null && linkedToday(entry)).map((entry) => candidateIds.get(entry.candidate!)!));
    expect([...shown].sort()).toEqual([...linked].sort());
  });

  it('stores nothing new when synced again', async () => {
    const before = await threads();
    const again = value(await subject.engine.call(installationOwner, 'mailboxes:sync-now', { mailboxId: mailbox.id }));
    expect(again.messagesStored).toBe(0);
    expect(again.bodiesFetched).toBe(0);
    expect(await threads()).toEqual(before);
    const [listed] = value(await subject.engine.call(installationOwner, 'mailboxes:list', {})).items;
    expect(listed?.status).toEqual({ state: 'up-to-date' });
  });
});
