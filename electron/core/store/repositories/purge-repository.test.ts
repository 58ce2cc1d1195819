import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../test-support.js';

let subject: TempStore;
beforeEach(() => {
  subject = openTempStore();
});
afterEach(() => subject.dispose());

describe('purge jobs', () => {
  it('are stored with their items, duplicates collapsed, and read back in order', () => {
    const { purges } = subject.store;
    const id = randomUUID();
    purges.insert({
      id,
      reason: 'candidate-deleted',
      createdAt: '2025-03-01T09:00:00.000Z',
      items: [
        { kind: 'attachment', target: 'attachments/a' },
        { kind: 'attachment', target: 'attachments/a' },
        { kind: 'log-lines', target: '["anna"]' },
      ],
    });
    expect(purges.get(id)).toEqual({
      id,
      reason: 'candidate-deleted',
      createdAt: '2025-03-01T09:00:00.000Z',
      attempts: 0,
      lastError: null,
      items: [
        { kind: 'attachment', target: 'attachments/a', doneAt: null },
        { kind: 'log-lines', target: '["anna"]', doneAt: null },
      ],
    });
    expect(purges.get(randomUUID())).toBeNull();
  });

  it('go only once every item is done; a done log-lines item forgets its terms', () => {
    const { purges } = subject.store;
    const id = randomUUID();
    const logLines = { kind: 'log-lines', target: '["anna"]' } as const;
    const attachment = { kind: 'attachment', target: 'attachments/a' } as const;
    purges.insert({ id, reason: 'test', createdAt: 'now', items: [attachment, logLines] });

    purges.markItemDone(id, logLines, 'later');
    expect(purges.deleteIfDone(id)).toBe(false);
    expect(purges.get(id)!.items).toEqual([
      { ...attachment, doneAt: null },
      { kind: 'log-lines', target: expect.stringMatching(/^spent-\d+$/), doneAt: 'later' },
    ]);

    purges.recordFailure(id, 'attachment: EACCES');
    purges.recordFailure(id, 'attachment: EBUSY');
    expect(purges.get(id)).toEqual(expect.objectContaining({ attempts: 2, lastError: 'attachment: EBUSY' }));

    purges.markItemDone(id, attachment, 'later');
    expect(purges.deleteIfDone(id)).toBe(true);
    expect(purges.unfinishedIds()).toEqual([]);
  });

  it('are listed oldest first', () => {
    const { purges } = subject.store;
    purges.insert({ id: 'b', reason: 'test', createdAt: '2025-03-02T00:00:00Z', items: [] });
    purges.insert({ id: 'a', reason: 'test', createdAt: '2025-03-03T00:00:00Z', items: [] });
    purges.insert({ id: 'c', reason: 'test', createdAt: '2025-03-01T00:00:00Z', items: [] });
    expect(purges.unfinishedIds()).toEqual(['c', 'b', 'a']);
  });
});
