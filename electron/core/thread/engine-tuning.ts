import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { EngineOptions } from '../engine.js';

/**
 * `HIREBOX_ENGINE_TUNING` (issue 9, the fault matrix): JSON that shortens the engine's sync
 * and outbox timings and its IMAP page size for `hirebox serve`, so a fault run against a
 * real `serve` process finishes in seconds — e.g.
 * `{"sync":{"pageSize":10,"checkIntervalMs":1500},"outbox":{"sentCopyWaitMs":4000}}`.
 * Unset means the defaults for real servers; users never need it. Unknown keys or values
 * of the wrong kind are refused, so a typo cannot silently run with the defaults.
 */
export const engineTuningVariable = 'HIREBOX_ENGINE_TUNING';

const positive = z.number().int().positive();
const tuningSchema = z.strictObject({
  sync: z
    .strictObject({
      live: z.boolean(),
      checkIntervalMs: positive,
      backoffBaseMs: positive,
      backoffCapMs: positive,
      timeoutMs: positive,
      pollIntervalMs: positive,
      livenessTimeoutMs: positive,
      pageSize: positive,
    })
    .partial()
    .optional(),
  outbox: z
    .strictObject({
      retryDelaysMs: z.array(z.number().int().nonnegative()).min(1),
      sentCopyWaitMs: positive,
      sentCopyPollMs: positive,
      imapRetryMs: positive,
    })
    .partial()
    .optional(),
  /**
   * Issue 24: `haltAfterErasureCommit` is an absolute file path; the moment a deletion's or
   * anonymisation's transaction has committed, the engine writes the erasure report's id
   * there and stops dead (its thread blocks), so the test SIGKILLs it before any purge or
   * checkpoint ran.
   */
  faults: z
    .strictObject({
      haltAfterErasureCommit: z.string().refine((file) => path.isAbsolute(file), 'must be an absolute path'),
    })
    .partial()
    .optional(),
});

export type EngineTuning = Pick<EngineOptions, 'sync' | 'outbox' | 'faultHooks'>;

/** The engine options `HIREBOX_ENGINE_TUNING` asks for (empty when unset); throws `invalid-input` when it is not valid. */
export function engineTuningFromEnv(env: NodeJS.ProcessEnv = process.env): EngineTuning {
  const text = env[engineTuningVariable];
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid-input', `${engineTuningVariable} is not valid JSON.`);
  }
  const result = tuningSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AppError('invalid-input', `${engineTuningVariable}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const { sync, outbox, faults } = result.data;
  const haltFile = faults?.haltAfterErasureCommit;
  return {
    ...(sync === undefined ? {} : { sync }),
    ...(outbox === undefined ? {} : { outbox: { timing: outbox } }),
    ...(haltFile === undefined ? {} : { faultHooks: { afterErasureCommit: (reportId: string) => haltForKill(haltFile, reportId) } }),
  };
}

/** Writes `reportId` to `file`, then blocks this thread for good: what runs next is the SIGKILL. */
function haltForKill(file: string, reportId: string): void {
  fs.writeFileSync(file, reportId);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
