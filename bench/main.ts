import { parseArgs } from 'node:util';
import { gmailBench } from './gmail-bench.js';
import { graphBench } from './graph-bench.js';
import { imapBench, imapBenchParts, type ImapBenchPart } from './imap-bench.js';
import { scaleBench } from './scale-bench.js';
import { searchBench, searchWorker } from './search-bench.js';
import { uiBench } from './ui-bench.js';

/**
 * `npm run bench [-- <suite>...] [--messages N] [--candidates N] [--arrivals N] [--rounds N] [--skip scan|latency]`:
 * runs the benchmarks and prints one JSON object on stdout (progress goes to stderr). Each
 * suite measures its own baseline in the same run, so figures compare across machines.
 * Mailbox sizes default per suite: imap 100,000 messages and 1,000 candidates, gmail and
 * graph 10,000 and 100, search and scale 1,000,000 messages and 2,000 candidates (the same
 * cached store), ui 100,000 threads
 * (`--messages` counts threads there) and 3,000 candidates.
 */
const suites = {
  imap: (values: Options) => imapBench({ ...values, messages: values.messages ?? 100_000, candidates: values.candidates ?? 1_000, log }),
  gmail: (values: Options) => gmailBench({ messages: values.messages ?? 10_000, candidates: values.candidates ?? 100, log }),
  graph: (values: Options) => graphBench({ messages: values.messages ?? 10_000, candidates: values.candidates ?? 100, log }),
  ui: (values: Options) => uiBench({ threads: values.messages ?? 100_000, candidates: values.candidates ?? 3_000, rounds: values.rounds ?? 5, log }),
  search: (values: Options) => searchBench({ messages: values.messages ?? 1_000_000, candidates: values.candidates ?? 2_000, rounds: values.rounds ?? 15, log }),
  scale: (values: Options) => scaleBench({ messages: values.messages ?? 1_000_000, candidates: values.candidates ?? 2_000, rounds: values.rounds ?? 30, log }),
} as const;

// The search suite's engine runs in a child process of this same bundle (search-bench.ts).
if (process.argv[2] === '--search-worker') {
  await searchWorker(process.argv[3]!);
  process.exit(0);
}

interface Options {
  messages: number | undefined;
  candidates: number | undefined;
  arrivals: number;
  rounds: number | undefined;
  skip: ImapBenchPart[];
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    messages: { type: 'string' },
    candidates: { type: 'string' },
    arrivals: { type: 'string', default: '50' },
    rounds: { type: 'string' },
    skip: { type: 'string', multiple: true, default: [] },
  },
});
const options: Options = {
  messages: values.messages === undefined ? undefined : positiveInteger(values.messages, '--messages'),
  candidates: values.candidates === undefined ? undefined : positiveInteger(values.candidates, '--candidates'),
  arrivals: positiveInteger(values.arrivals, '--arrivals'),
  rounds: values.rounds === undefined ? undefined : positiveInteger(values.rounds, '--rounds'),
  skip: values.skip.flatMap((text) => text.split(',')).map(part),
};
const chosen = positionals.length > 0 ? positionals : Object.keys(suites);
const unknown = chosen.filter((name) => !(name in suites));
if (unknown.length > 0) {
  process.stderr.write(`Unknown suite ${unknown.join(', ')}; there are: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}

const report: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, options };
for (const name of chosen) {
  log(`suite ${name}`);
  report[name] = await suites[name as keyof typeof suites](options);
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

function part(text: string): ImapBenchPart {
  if ((imapBenchParts as readonly string[]).includes(text)) return text as ImapBenchPart;
  process.stderr.write(`--skip takes ${imapBenchParts.join(' or ')}, not ${JSON.stringify(text)}\n`);
  process.exit(2);
}

function positiveInteger(text: string, flag: string): number {
  const parsed = Number(text);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    process.stderr.write(`${flag} takes a positive whole number, not ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return parsed;
}
