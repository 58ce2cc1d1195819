import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { CandidateProfile, MailboxSummary, SyncRunSummary, ThreadSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import { projectRoot } from '../support/cli.js';
import { openTestEngine, type TestEngine } from '../support/engine.js';
import { startDovecot, writeMaildirMessages, type Dovecot } from '../support/mail-servers/index.js';

// Every mail of the shared corpus (../shared/corpus/mime, the Ruby mail gem's fixtures, many
// broken on purpose) in one INBOX, synced once through the contract. Whether each file links
// is not decided by any parser here: test/fixtures/corpus/expected.json records, per file,
// the address a reviewer read in it (or null when it has none that can be read) and whether
// the mail must link to the candidate holding that address. See test/fixtures/corpus/README.md.

interface Expectation {
  /** Path below the corpus folder. */
  file: string;
  /** The Message-ID as written (brackets and whitespace removed), only to find the stored mail. */
  messageId: string | null;
  /** The address chosen in review; a candidate holds it. Null: no readable address. */
  candidate: string | null;
  linked: boolean;
  why: string;
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

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** The source as an IMAP server may serve it: every bare LF as CRLF (RFC 9051 §2.3.1 wants CRLF). */
const withCrlf = (data: Buffer) => Buffer.from(data.toString('latin1').replace(/\r?\n/gu, '\r\n'), 'latin1');

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

  mailbox = value(
    await subject.engine.call(installationOwner, 'mailboxes:connect', {
      address: owner,
      userName: owner,
      password: 'alice-password',
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: 2525, security: 'none' },
    }),
  );
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

interface Outcome {
  /** A message is recorded at the file's UID (only linked mail is stored, R2). */
  stored: boolean;
  /** Candidates of the thread the file's message is in (through the contract). */
  candidateIds: string[];
  /** Set when the mail is stored but not under its Message-ID nor its content hash. */
  problem?: string;
}

/** What the sync made of the file at `index` (UID index + 1 in the fresh INBOX). */
function outcomeOf(index: number, entry: Expectation, listed: readonly ThreadSummary[]): Outcome {
  const { store } = subject.engine;
  const inbox = store.folders.list(mailbox.id).find((folder) => folder.path === 'INBOX')!;
  const uid = index + 1;
  const stored = store.locations.has(mailbox.id, inbox.id, inbox.uidValidity!, uid);
  if (!stored) return { stored, candidateIds: [] };
  const raw = fs.readFileSync(path.join(corpusFolder, entry.file));
  // A repeated Message-ID with other content is stored under its content hash (PRODUCT.md "Message").
  const keys = [...(entry.messageId === null ? [] : [`mid:${entry.messageId}`]), `hash:${sha256(raw)}`, `hash:${sha256(withCrlf(raw))}`];
  for (const key of keys) {
    const message = store.messages.findByDedupeKey(key);
    if (message === null || !store.locations.listFor(message.id).some((location) => location.folderId === inbox.id && location.uid === uid)) continue;
    const thread = listed.find((item) => item.id === message.threadId);
    return { stored, candidateIds: thread?.candidates.map((candidate) => candidate.id) ?? [] };
  }
  return { stored, candidateIds: [], problem: `stored at UID ${uid} but found under none of ${keys.join(', ')}` };
}

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

  it('links each file exactly as the review says', async () => {
    const listed = await threads();
    const differences: string[] = [];
    for (const [index, entry] of expected.entries()) {
      const outcome = outcomeOf(index, entry, listed);
      if (outcome.problem !== undefined) {
        differences.push(`${entry.file}: ${outcome.problem}`);
        continue;
      }
      const candidateId = entry.candidate === null ? null : candidateIds.get(entry.candidate)!;
      const linked = candidateId === null ? outcome.stored : outcome.candidateIds.includes(candidateId);
      if (linked !== entry.linked) differences.push(`${entry.file}: expected ${entry.linked ? 'linked' : 'not linked'} (${entry.why}), got ${linked ? 'linked' : 'not linked'}`);
    }
    expect(differences).toEqual([]);
  });

  it('shows exactly the candidates of linked files in the inbox', async () => {
    const shown = new Set((await threads()).flatMap((thread) => thread.candidates.map((candidate) => candidate.id)));
    const linked = new Set(expected.filter((entry) => entry.linked).map((entry) => candidateIds.get(entry.candidate!)!));
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
