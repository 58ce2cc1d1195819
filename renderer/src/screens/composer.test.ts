import { describe, expect, it } from 'vitest';
import type { MailboxSummary } from '../../../shared/model.js';
import { sendableMailboxes } from './composer.js';

function mailbox(id: string, fields: Partial<MailboxSummary> = {}): MailboxSummary {
  return {
    id,
    address: `${id}@acme.com`,
    displayName: id,
    signature: '',
    provider: 'imap',
    kind: 'personal',
    ownerUserId: 'olivia',
    status: { state: 'up-to-date' },
    lastSyncedAt: null,
    unlinkedAt: null,
    ...fields,
  };
}

describe('the mailboxes the composer offers to send from', () => {
  it('are the user’s own and the shared inboxes, never a colleague’s nor an unlinked one (R12)', () => {
    const mailboxes = [
      mailbox('own'),
      mailbox('careers', { kind: 'shared', ownerUserId: null }),
      mailbox('colleague', { ownerUserId: 'rita' }),
      mailbox('unlinked', { unlinkedAt: '2026-11-01T10:00:00.000Z', status: { state: 'paused' } }),
      mailbox('unlinked-shared', { kind: 'shared', ownerUserId: null, unlinkedAt: '2026-11-02T10:00:00.000Z' }),
    ];
    expect(sendableMailboxes(mailboxes, 'olivia').map((entry) => entry.id)).toEqual(['own', 'careers']);
  });
});
