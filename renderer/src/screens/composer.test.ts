import { beforeAll, describe, expect, it } from 'vitest';
import type { MailboxSummary, ThreadDetail, ThreadMessageView } from '../../../shared/model.js';
import { de } from '../i18n/de.js';
import { en } from '../i18n/en.js';
import { useMailboxesStore } from '../stores/lists.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { forwardedCandidateName, sendableMailboxes, startReply } from './composer.js';

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

describe('R6: a reply in a conversation that came from a forward', () => {
  const dora = 'cand-dora';
  function message(id: string, fields: Partial<ThreadMessageView>): ThreadMessageView {
    return { id, subject: 'WG: Bewerbung', from: [], to: [], cc: [], bcc: [], date: '2026-11-20T10:00:00.000Z', bodyState: 'full', text: 'Schau mal.', html: null, attachments: [], links: [], ...fields } as ThreadMessageView;
  }
  const forwarded: ThreadDetail = {
    id: 'thread-forward',
    subject: 'WG: Bewerbung',
    mailboxId: 'own',
    candidates: [{ id: dora, name: 'Dora Display', reason: 'forward' }],
    jobs: [],
    earlierCount: 0,
    earlierCursor: null,
    messages: [
      message('m1', {
        from: [{ name: 'Olivia', address: 'own@acme.com' }],
        to: [{ name: 'Carl', address: 'carl@acme.com' }],
        links: [{ candidateId: dora, name: 'Dora Display', reason: 'forward' }],
      }),
    ],
  };
  const direct: ThreadDetail = {
    ...forwarded,
    id: 'thread-direct',
    candidates: [{ id: dora, name: 'Dora Display', reason: 'address' }],
    messages: [message('m2', { from: [{ name: 'Dora Display', address: 'dora@example.org' }], to: [{ name: 'Olivia', address: 'own@acme.com' }], links: [{ candidateId: dora, name: 'Dora Display', reason: 'address' }] })],
  };

  beforeAll(() => {
    useMailboxesStore.setState({ items: [mailbox('own')], status: 'ready' });
  });

  it('names the candidate only when the answered mail reached them as a forward', () => {
    expect(forwardedCandidateName(forwarded.messages[0]!, dora)).toBe('Dora Display');
    expect(forwardedCandidateName(direct.messages[0]!, dora)).toBeNull();
  });

  it('opens the reply with the warning for the forwarded candidate, and none for a direct one', () => {
    expect(startReply(forwarded, 'reply')).toBe(true);
    expect(startReply(direct, 'reply')).toBe(true);
    const drafts = useOutboxStore.getState().drafts;
    expect(drafts['thread:thread-forward']?.notRecipient).toBe('Dora Display');
    expect(drafts['thread:thread-direct']?.notRecipient).toBeUndefined();
  });

  it('says so in English and German', () => {
    expect(en.followUps.notRecipient).toMatch(/^\{\{name\}\} is not a recipient of this conversation: it came from a forward\./);
    expect(de.followUps.notRecipient).toMatch(/^\{\{name\}\} ist nicht unter den Empfänger\*innen dieser Unterhaltung/);
  });
});
