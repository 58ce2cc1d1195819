import type { MailAddressView, MailboxSummary, ThreadDetail, ThreadMessageView } from '../../../shared/model.js';
import { useMailboxesStore } from '../stores/lists.js';
import type { Draft, DraftKey } from '../stores/outbox-store.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { useSessionStore } from '../stores/session-store.js';

/*
 * Compose: the drafts a reply or a new mail starts from (split from composer.tsx).
 */
/**
 * Mailboxes the user may send from: their own personal mailboxes and the shared ones they
 * are on — never an unlinked one (R12), which the engine would refuse.
 */
export function sendableMailboxes(mailboxes: readonly MailboxSummary[], userId: string | undefined): MailboxSummary[] {
  return mailboxes.filter((mailbox) => !mailbox.unlinkedAt && (mailbox.kind === 'shared' || mailbox.ownerUserId === userId));
}

/** Loads the mailboxes once (without blanking a list another page shows; pushes keep it current). */
export function ensureMailboxes(): void {
  const { status } = useMailboxesStore.getState();
  if (status === 'idle' || status === 'error') void useMailboxesStore.getState().load();
}

/**
 * R6: the candidate's name when a reply to `parent` would not reach them — the mail is linked
 * to them as a forward, so they are not among its sender and recipients — else null.
 */
export function forwardedCandidateName(parent: ThreadMessageView, candidateId: string): string | null {
  const link = parent.links.find((candidate) => candidate.candidateId === candidateId);
  return link?.reason === 'forward' ? link.name : null;
}

export function formatAddress(address: MailAddressView): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/**
 * Opens (or brings back) the reply to a conversation. It answers the newest mail linked to a
 * candidate: to its sender — or, for the user's own mail, to its recipients; "reply all"
 * adds the other recipients as Cc, never the user's own addresses. Answers false when the
 * conversation has no mail to answer.
 */
export function startReply(thread: ThreadDetail, mode: 'reply' | 'reply-all'): boolean {
  const key: DraftKey = `thread:${thread.id}`;
  const store = useOutboxStore.getState();
  if (store.drafts[key]) {
    store.openDraft({ ...store.drafts[key], key });
    return true;
  }
  const fields = replyFields(thread, mode);
  if (fields === null) return false;
  // The conversation's subject names the draft in the Drafts list.
  store.openDraft({ key, ...fields, threadSubject: thread.subject });
  return true;
}

/**
 * A reply in `thread` as a draft's fields: to the newest mail linked to `forCandidate` (or to
 * any candidate), its recipients worked out as `startReply` describes. Null when no mail
 * there is linked to that candidate.
 */
export function replyFields(thread: ThreadDetail, mode: 'reply' | 'reply-all', forCandidate?: string): Omit<Draft, 'key' | 'uploading' | 'sending' | 'error' | 'focusRequest' | 'showBcc' | 'attachments' | 'bcc'> | null {
  const parent = [...thread.messages].reverse().find((message) => (forCandidate === undefined ? message.links.length > 0 : message.links.some((link) => link.candidateId === forCandidate)));
  const candidateId = forCandidate ?? parent?.links[0]?.candidateId;
  if (!parent || candidateId === undefined) return null;
  const mailboxes = useMailboxesStore.getState().items;
  const own = new Set(mailboxes.map((mailbox) => mailbox.address.toLowerCase()));
  const isOwn = (address: MailAddressView) => own.has(address.address.toLowerCase());
  const fromUs = parent.from.some(isOwn);
  const to = (fromUs ? parent.to : parent.from).filter((address) => !isOwn(address) || fromUs);
  const taken = new Set(to.map((address) => address.address.toLowerCase()));
  const cc =
    mode === 'reply-all'
      ? [...parent.to, ...parent.cc].filter((address) => {
          const lower = address.address.toLowerCase();
          if (isOwn(address) || taken.has(lower)) return false;
          taken.add(lower);
          return true;
        })
      : [];
  const sendable = sendableMailboxes(mailboxes, useSessionStore.getState().session?.user.id);
  const mailboxId = sendable.some((mailbox) => mailbox.id === thread.mailboxId) ? thread.mailboxId : (sendable[0]?.id ?? thread.mailboxId);
  const notRecipient = forwardedCandidateName(parent, candidateId);
  const quoted = parent.text ?? '';
  return {
    mode,
    candidateId,
    replyToMessageId: parent.id,
    mailboxId,
    to: to.map(formatAddress).join(', '),
    cc: cc.map(formatAddress).join(', '),
    subject: '',
    body: '',
    ...(notRecipient === null ? {} : { notRecipient }),
    ...(quoted.trim() === '' ? {} : { quote: { from: parent.from.map(formatAddress).join(', '), date: parent.date, text: quoted } }),
  };
}

/** Opens (or brings back) a new mail to a candidate's primary address. */
export function startNewMail(candidate: { id: string; name: string; primaryEmail: string }): void {
  const sendable = sendableMailboxes(useMailboxesStore.getState().items, useSessionStore.getState().session?.user.id);
  const key: DraftKey = `candidate:${candidate.id}`;
  const existing = useOutboxStore.getState().drafts[key];
  useOutboxStore.getState().openDraft(
    existing ?? {
      key,
      mode: 'new',
      candidateId: candidate.id,
      mailboxId: sendable[0]?.id ?? '',
      to: formatAddress({ name: candidate.name, address: candidate.primaryEmail }),
      cc: '',
      subject: '',
      body: '',
    },
  );
}

export function hasContent(draft: Draft): boolean {
  return draft.body.trim() !== '' || draft.attachments.length > 0 || (draft.mode === 'new' && draft.subject.trim() !== '');
}
