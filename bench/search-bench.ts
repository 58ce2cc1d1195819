import Sqlite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { userCaller } from '../electron/core/api/caller.js';
import { parseSearchText, toFtsQuery } from '../shared/search-text.js';
import type { Page } from '../shared/paging.js';
import type { SearchHit } from '../shared/model.js';
import { openTestEngine, value } from '../test/support/engine.js';
import { storeFixture, type StoreFixture } from './store-fixture.js';

/**
 * `npm run bench -- search`: `messages:search` over a data folder with `--messages`
 * (default 10^6) stored messages, as an admin and as a hiring manager on a few jobs, next to
 * the same FTS5 MATCH without the visibility join (newest first, LIMIT 50 + 1 like the
 * repository) in the same process and run. The engine runs in a process of its own (the
 * bench's fixture build does not inflate its memory); its RSS is read after the searches.
 */
export interface SearchBenchOptions {
  messages: number;
  candidates: number;
  rounds: number;
  log: (line: string) => void;
}

/**
 * The query mix: each kind a few texts, as typed into the search box (shared/search-text.ts).
 * `overall` is the mix of the first three. `onlyInvisibleMail` is reported apart, the worst
 * case: a phrase that only mail without a candidate has (an internal meeting), so no viewer
 * may see a single hit. From migration 12 on, such mail is not in the index at all.
 * `onlyOtherJobsMail` is the hiring manager's worst case left: a phrase only in the mail of
 * candidates outside their jobs (a job title of another job), which the admin finds.
 */
export const searchQueries = {
  commonWord: ['bewerbung', 'meeting', 'termin', 'thank'],
  prefix: ['le', 'ber', 'int', 'zeu'],
  phrase: ['"freue mich"', '"thank you for the interview"', '"lebenslauf sowie"', '"vielen dank"'],
  onlyInvisibleMail: ['"team meeting"'],
  onlyOtherJobsMail: ['"data scientist"'],
} as const;

/** The store both this suite and the scale suite run on (one cached build serves both). */
export const searchFixtureShape = { candidateThreadShare: 0.08, jobs: 40, managerJobs: 3, maxPerThread: 4 } as const;
type Kind = keyof typeof searchQueries;
const mixKinds: readonly Kind[] = ['commonWord', 'prefix', 'phrase'];

interface WorkerInput {
  fixture: StoreFixture;
  rounds: number;
}

export async function searchBench(options: SearchBenchOptions): Promise<unknown> {
  const fixture = await storeFixture('search', {
    messages: options.messages,
    candidates: options.candidates,
    ...searchFixtureShape,
    log: options.log,
  });
  options.log(`searching ${options.messages} messages (${fixture.threads} threads, ${fixture.linkedMessages} linked to a candidate)`);
  const input: WorkerInput = { fixture, rounds: options.rounds };
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, '--search-worker', JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`search worker exited with ${code}`))));
  });
  return {
    fixture: {
      messages: options.messages,
      threads: fixture.threads,
      candidateThreads: fixture.candidateThreads,
      linkedMessages: fixture.linkedMessages,
      candidates: options.candidates,
      jobs: 40,
      managerJobs: fixture.managerJobIds.length,
      databaseMB: Math.round(fs.statSync(path.join(fixture.folder, 'hirebox.db')).size / 1e6),
      buildMs: fixture.buildMs,
      upgradedFrom: fixture.upgradedFrom,
      folder: fixture.folder,
    },
    ...(JSON.parse(output) as object),
    msTotal: Math.round(performance.now() - started),
  };
}

function memory(): { rssMB: number; peakRssMB: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const read = (field: string) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) / 1024);
  return { rssMB: read('VmRSS'), peakRssMB: read('VmHWM') };
}

/** Runs in the child process: the engine on the cached folder, then the timed rounds. */
export async function searchWorker(json: string): Promise<void> {
  const { fixture, rounds } = JSON.parse(json) as WorkerInput;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const openStarted = performance.now();
  const subject = openTestEngine({ dataFolder: fixture.folder });
  const openMs = Math.round(performance.now() - openStarted);
  const viewers = { admin: userCaller(fixture.ownerUserId), hiringManager: userCaller(fixture.managerUserId) } as const;
  const search = async (viewer: keyof typeof viewers, text: string) => {
    const started = performance.now();
    const page = value(await subject.engine.call(viewers[viewer], 'messages:search', { text, limit: 50 })) as Page<SearchHit>;
    return { ms: performance.now() - started, hits: page.items.length, newest: page.items[0]?.date ?? null };
  };
  const texts = Object.entries(searchQueries).flatMap(([kind, list]) => list.map((text) => ({ kind: kind as Kind, text })));

  // One untimed round through the engine alone warms its page cache; the RSS is read then.
  const hits: Record<string, { admin: number; hiringManager: number; baseline: number }> = {};
  for (const { text } of texts) hits[text] = { admin: (await search('admin', text)).hits, hiringManager: (await search('hiringManager', text)).hits, baseline: 0 };
  const engineMemory = memory();

  // The baseline: the same MATCH, newest first, without the visibility join.
  const db = new Sqlite(path.join(fixture.folder, 'hirebox.db'), { readonly: true });
  const bare = db.prepare<[string], unknown>(
    `SELECT m.id, m.seq, m.thread_id, m.subject, m.from_json, m.date, m.has_attachments, substr(ifnull(m.body_text, ''), 1, 20000) AS body_text, m.snippet
     FROM message_search s JOIN messages m ON m.seq = s.rowid
     WHERE message_search MATCH ? ORDER BY s.rowid DESC LIMIT 51`,
  );
  const baseline = (text: string) => {
    const started = performance.now();
    const rows = bare.all(toFtsQuery(parseSearchText(text))!);
    return { ms: performance.now() - started, hits: Math.min(rows.length, 50) };
  };
  for (const { text } of texts) hits[text]!.baseline = baseline(text).hits;

  const times = { admin: new Map<Kind, number[]>(), hiringManager: new Map<Kind, number[]>(), baseline: new Map<Kind, number[]>() };
  const add = (side: keyof typeof times, kind: Kind, ms: number) => times[side].set(kind, [...(times[side].get(kind) ?? []), ms]);
  const roundsStarted = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const { kind, text } of texts) {
      add('baseline', kind, baseline(text).ms);
      add('admin', kind, (await search('admin', text)).ms);
      add('hiringManager', kind, (await search('hiringManager', text)).ms);
    }
  }
  log(`${rounds} rounds of ${texts.length} queries × 3 in ${Math.round(performance.now() - roundsStarted)} ms`);
  const summary = (side: keyof typeof times) => {
    const byKind = Object.fromEntries([...times[side]].map(([kind, values]) => [kind, stats(values)]));
    return { ...byKind, overall: stats(mixKinds.flatMap((kind) => times[side].get(kind) ?? [])) };
  };
  const result = {
    queries: searchQueries,
    rounds,
    callsPerSide: rounds * texts.length,
    engineOpenMs: openMs,
    baseline: summary('baseline'),
    admin: summary('admin'),
    hiringManager: summary('hiringManager'),
    p95RatioToBaseline: {
      admin: round(summary('admin').overall.p95 / Math.max(summary('baseline').overall.p95, 0.1), 2),
      hiringManager: round(summary('hiringManager').overall.p95 / Math.max(summary('baseline').overall.p95, 0.1), 2),
    },
    goalP95Ms: 50,
    hits,
    engine: { ...engineMemory, goalRssMB: 400, afterBaselineRounds: memory() },
  };
  db.close();
  await subject.engine.close();
  process.stdout.write(JSON.stringify(result));
}

function stats(values: number[]): { p50: number; p95: number; max: number; n: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: round(Math.max(...values), 1), n: values.length };
}

/** Nearest-rank percentile, in ms with one decimal. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!, 1);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
