import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Result } from '../../shared/errors.js';
import { defaultDataFolder } from '../core/data-folder.js';
import { AppError } from '../core/errors.js';
import { hireboxVersion } from '../core/version.js';
import { uploadPath } from '../../shared/wire.js';
import { HeadlessClient } from './client.js';
import { readServeRecord, serve } from './serve.js';

const usage = `Hirebox ${hireboxVersion}

Usage:
  hirebox serve [--data DIR] [--port N]     serve the app and its API on 127.0.0.1
  hirebox call CHANNEL [JSON] [--data DIR]  call one channel of the running serve
  hirebox upload FILE [--data DIR]          hand a file (a CSV to import) to the running serve;
                                            prints its blobId for channels such as candidates:import
  hirebox --version

The data folder defaults to ${defaultDataFolder()} (or HIREBOX_DATA).
Channels and their input: docs/api.md.`;

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { data: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.version) return print(hireboxVersion);
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) return print(usage);
  const dataFolder = path.resolve(values.data ?? defaultDataFolder());
  switch (command) {
    case 'serve':
      return runServe(dataFolder, values.port);
    case 'call':
      return runCall(dataFolder, rest);
    case 'upload':
      return runUpload(dataFolder, rest);
    default:
      return fail(`Unknown command "${command}".\n\n${usage}`);
  }
}

async function runServe(dataFolder: string, portText: string | undefined): Promise<number> {
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be a number from 0 to 65535, not "${portText}".`);
  const rendererFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  let running;
  try {
    running = await serve({ dataFolder, port, rendererFolder });
  } catch (error) {
    return fail(error instanceof AppError ? error.message : `Hirebox could not start: ${(error as Error).message}`);
  }
  // The handlers come before the line that says Hirebox is there: whoever reads it may stop
  // Hirebox at once, and a SIGTERM before them would end it without removing serve.json.
  return new Promise<number>((resolve) => {
    const shutdown = () => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      void running.stop().then(() => resolve(0), () => resolve(1));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    void running.died.then((reason) => {
      process.stderr.write(`The Hirebox engine stopped unexpectedly: ${reason}\n`);
      resolve(1);
    });
    process.stdout.write(`Hirebox listening on ${running.server.url}\n`);
  });
}

async function runCall(dataFolder: string, args: string[]): Promise<number> {
  const [channel, inputText, ...extra] = args;
  if (channel === undefined || extra.length > 0) return fail(`hirebox call takes a channel and at most one JSON argument.\n\n${usage}`);
  let input: unknown = {};
  if (inputText !== undefined) {
    try {
      input = JSON.parse(inputText);
    } catch (error) {
      return printResult({ ok: false, error: { code: 'invalid-input', message: `The input is not valid JSON: ${(error as Error).message}`, field: 'input', retryable: false } });
    }
    if (nestingDepth(input) > maxInputDepth) {
      return printResult({
        ok: false,
        error: { code: 'invalid-input', message: `The input is nested more than ${maxInputDepth} levels deep; no channel takes input that deep.`, field: 'input', retryable: false },
      });
    }
  }
  const record = readServeRecord(dataFolder);
  if (record === null) return fail(`No Hirebox is serving ${dataFolder}. Start one with: hirebox serve --data ${dataFolder}`);
  let client: HeadlessClient;
  try {
    client = await HeadlessClient.connect(record.port, record.token);
  } catch (error) {
    return fail(`Could not reach the Hirebox serving ${dataFolder} on port ${record.port}: ${(error as Error).message}`);
  }
  try {
    return printResult(await client.call(channel, input));
  } finally {
    client.close();
  }
}

async function runUpload(dataFolder: string, args: string[]): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) return fail(`hirebox upload takes one file.\n\n${usage}`);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const record = readServeRecord(dataFolder);
  if (record === null) return fail(`No Hirebox is serving ${dataFolder}. Start one with: hirebox serve --data ${dataFolder}`);
  try {
    const response = await fetch(`http://127.0.0.1:${record.port}${uploadPath}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${record.token}`, 'X-File-Name': encodeURIComponent(path.basename(file)), 'Content-Type': 'application/octet-stream' },
      body: data,
    });
    if (!response.ok) return fail(`Upload refused (${response.status}): ${(await response.text()).trim()}`);
    return printResult({ ok: true, value: await response.json() });
  } catch (error) {
    return fail(`Could not reach the Hirebox serving ${dataFolder} on port ${record.port}: ${(error as Error).message}`);
  }
}

/** Far deeper than any channel's input (a few levels), far shallower than what overflows the stack. */
export const maxInputDepth = 64;

/**
 * How deep arrays and objects nest in `value`, counted without recursion (the point is to
 * refuse input that would overflow the stack when sent), stopping once past the limit.
 */
export function nestingDepth(value: unknown, limit = maxInputDepth): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push({ value: child, depth: here });
  }
  return deepest;
}

function printResult(result: Result<unknown>): number {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.ok ? 0 : 1;
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
