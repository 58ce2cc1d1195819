import { describe, expect, it } from 'vitest';
import { formatImapDate, gmailInitialWindow, imapInitialWindow, initialWindowMs, microsoftInitialWindow, newestMessages } from './initial-window.js';

const hour = 60 * 60 * 1000;

describe('imapInitialWindow (R10)', () => {
  it('keeps exactly the last 24 hours by INTERNALDATE', () => {
    const now = new Date('2025-03-03T12:00:00Z');
    const { keep } = imapInitialWindow(now);
    expect(keep(new Date(now.getTime() - initialWindowMs))).toBe(true);
    expect(keep(new Date(now.getTime() - initialWindowMs - 1))).toBe(false);
    expect(keep(new Date('2025-03-02T11:59:59.999Z'))).toBe(false);
    expect(keep(now)).toBe(true);
    expect(keep(new Date(now.getTime() + hour))).toBe(true); // server clock ahead
    expect(keep(new Date(Number.NaN))).toBe(false);
  });

  it('searches SINCE the day before the window starts', () => {
    const window = imapInitialWindow(new Date('2025-03-03T12:00:00Z'));
    expect(window.since.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(window.sinceImapDate).toBe('01-Mar-2025');
    expect(window.youngerSeconds).toBe(86_400);
  });

  it('covers a mail just after the cutoff across midnight in a zone west of UTC', () => {
    // Window starts 2025-03-03 00:30 UTC. A mail at 00:45 UTC stored by a server in
    // New York (UTC−5) has INTERNALDATE "02-Mar-2025 19:45:00 -0500": date part 2 March.
    const now = new Date('2025-03-04T00:30:00Z');
    const window = imapInitialWindow(now);
    const internalDateDay = '2025-03-02';
    expect(window.since.toISOString().slice(0, 10) <= internalDateDay).toBe(true);
    expect(window.sinceImapDate).toBe('02-Mar-2025');
    expect(window.keep(new Date('2025-03-03T00:45:00Z'))).toBe(true);
    expect(window.keep(new Date('2025-03-03T00:15:00Z'))).toBe(false);
  });

  it('covers a zone east of UTC just before midnight', () => {
    // Window starts 2025-03-02 23:30 UTC, which is 3 March 08:30 in Tokyo.
    const window = imapInitialWindow(new Date('2025-03-03T23:30:00Z'));
    expect(window.sinceImapDate).toBe('01-Mar-2025');
    expect(window.keep(new Date('2025-03-02T23:31:00Z'))).toBe(true);
  });

  it('crosses month and year boundaries', () => {
    expect(imapInitialWindow(new Date('2025-01-01T05:00:00Z')).sinceImapDate).toBe('30-Dec-2024');
    expect(imapInitialWindow(new Date('2024-03-01T23:00:00Z')).sinceImapDate).toBe('28-Feb-2024');
    expect(formatImapDate(new Date('2025-11-09T23:59:59Z'))).toBe('09-Nov-2025');
  });
});

describe('gmailInitialWindow (R10)', () => {
  it('asks for the last 24 hours in epoch seconds and filters exactly', () => {
    const now = new Date('2025-03-03T12:00:00.500Z');
    const window = gmailInitialWindow(now);
    expect(window.query).toBe(`after:${Math.floor(Date.parse('2025-03-02T12:00:00.500Z') / 1000)}`);
    expect(window.keep(new Date('2025-03-02T12:00:00.400Z'))).toBe(false);
    expect(window.keep(new Date('2025-03-02T12:00:00.500Z'))).toBe(true);
  });
});

describe('Microsoft initial window (R10)', () => {
  it('takes the newest 100 messages over all scanned folders', () => {
    expect(microsoftInitialWindow()).toEqual({ top: 100, orderBy: 'receivedDateTime desc' });
    const base = Date.parse('2025-03-03T00:00:00Z');
    const inbox = Array.from({ length: 100 }, (_, index) => ({ id: `in${index}`, at: new Date(base - index * 2 * hour) }));
    const sent = Array.from({ length: 100 }, (_, index) => ({ id: `out${index}`, at: new Date(base - (index * 2 + 1) * hour) }));
    const newest = newestMessages([...inbox, ...sent], (message) => message.at);
    expect(newest).toHaveLength(100);
    expect(newest[0]?.id).toBe('in0');
    expect(newest[1]?.id).toBe('out0');
    expect(newest.at(-1)?.id).toBe('out49');
    expect(newestMessages([{ at: new Date(Number.NaN) }, { at: new Date(base) }], (message) => message.at, 1)).toEqual([{ at: new Date(base) }]);
  });
});
