import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { engineTuningFromEnv } from './engine-tuning.js';

describe('HIREBOX_ENGINE_TUNING (issue 9)', () => {
  it('is empty when unset, so serve runs with the defaults for real servers', () => {
    expect(engineTuningFromEnv({})).toEqual({});
    expect(engineTuningFromEnv({ HIREBOX_ENGINE_TUNING: ' ' })).toEqual({});
  });

  it('passes sync timings and page size to the engine, and outbox timings as its outbox timing', () => {
    const tuning = engineTuningFromEnv({ HIREBOX_ENGINE_TUNING: JSON.stringify({ sync: { pageSize: 10, checkIntervalMs: 1500 }, outbox: { sentCopyWaitMs: 3000, retryDelaysMs: [200, 500] } }) });
    expect(tuning).toEqual({ sync: { pageSize: 10, checkIntervalMs: 1500 }, outbox: { timing: { sentCopyWaitMs: 3000, retryDelaysMs: [200, 500] } } });
  });

  it('halts the engine after an erasure commits only when faults.haltAfterErasureCommit names an absolute file', () => {
    expect(engineTuningFromEnv({ HIREBOX_ENGINE_TUNING: JSON.stringify({ faults: { haltAfterErasureCommit: '/tmp/committed' } }) }).faultHooks?.afterErasureCommit).toBeTypeOf('function');
    expect(engineTuningFromEnv({ HIREBOX_ENGINE_TUNING: JSON.stringify({ sync: { pageSize: 10 } }) }).faultHooks).toBeUndefined();
    expect(() => engineTuningFromEnv({ HIREBOX_ENGINE_TUNING: JSON.stringify({ faults: { haltAfterErasureCommit: 'committed' } }) })).toThrow(/faults\.haltAfterErasureCommit/);
  });

  it.each([
    ['not JSON', '{sync:', /not valid JSON/],
    ['an unknown key', JSON.stringify({ sync: { pagesize: 10 } }), /sync/],
    ['a value of the wrong kind', JSON.stringify({ sync: { pageSize: -1 } }), /sync\.pageSize/],
    ['an unknown section', JSON.stringify({ imap: {} }), /imap|top/],
  ])('refuses %s with a clear error instead of running with the defaults', (_name, text, message) => {
    let caught: unknown;
    try {
      engineTuningFromEnv({ HIREBOX_ENGINE_TUNING: text });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('invalid-input');
    expect((caught as AppError).message).toMatch(message);
  });
});
