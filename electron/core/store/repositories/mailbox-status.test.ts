import { describe, expect, it } from 'vitest';
import type { MailboxStatus } from '../../../../shared/status.js';
import { parseMailboxStatus } from './mailbox-status.js';

describe('parseMailboxStatus', () => {
  it('reads back every reason the mailbox row shows, with its next try', () => {
    const statuses: MailboxStatus[] = [
      { state: 'offline' },
      { state: 'offline', retryAt: '2025-03-04T10:00:30.000Z' },
      { state: 'server-unreachable', cause: 'refused', retryAt: '2025-03-04T10:00:30.000Z' },
      { state: 'tls-problem', problem: 'certificate-changed' },
      { state: 'rate-limited', retryAt: '2025-03-04T10:05:00.000Z' },
    ];
    for (const status of statuses) expect(parseMailboxStatus(JSON.stringify(status))).toEqual(status);
  });

  it('shows a reason this build does not know as an error, not as a crash', () => {
    expect(parseMailboxStatus(JSON.stringify({ state: 'server-unreachable', cause: 'gremlins' }))).toMatchObject({ state: 'error', code: 'internal' });
  });
});
