import { create } from 'zustand';
import type { Result, WireError } from '../../../shared/errors.js';
import type { EventMap } from '../../../shared/events.js';
import type { DraftInput, SavedDraft } from '../../../shared/drafts.js';
import type { AttachmentView, BlobRef, OutboxItemView } from '../../../shared/model.js';
import type { OutboxStateName } from '../../../shared/status.js';
import { call, upload } from '../api/client.js';
import { textToHtml } from '../../../shared/rich-text.js';

/**
 * Writing mail ("Compose" in docs/decisions.md): the drafts the user is writing — kept for the session,
 * so leaving a conversation and coming back finds the text again — and the user's outbox
 * items with their states, followed live from `outbox:changed`.
 */

/** Where a draft is written: below a conversation (a reply) or on a candidate's profile (a new mail). */
export type DraftKey = `thread:${string}` | `candidate:${string}` | `forward:${string}`;

/** The stored mail a forward carries on, as the composer shows it (R6). */
export interface ForwardOf {
  messageId: string;
  /** The candidate whose profile keeps the forward visible, for the confirmation. */
  candidateName: string;
  from: string;
  date: string;
  subject: string;
  text: string | null;
  /** Stored attachments still carried (the user may drop some). */
  attachments: AttachmentView[];
}

export interface Draft {
  key: DraftKey;
  mode: 'reply' | 'reply-all' | 'new' | 'forward';
  candidateId: string;
  replyToMessageId?: string;
  mailboxId: string;
  to: string;
  cc: string;
  bcc: string;
  showBcc: boolean;
  subject: string;
  /** The text as plain text (made from `html` while the editor writes it: shared/rich-text.ts). */
  body: string;
  /** The text as the editor's HTML; absent for a plain-text draft (saved before rich text), '' when empty. */
  html?: string;
  attachments: BlobRef[];
  /** Files still uploading (their names), so Send waits. */
  uploading: string[];
  sending: boolean;
  error: WireError | null;
  /** Bumped when the composer is (re)opened, so it takes focus. */
  focusRequest: number;
  /**
   * R6: the name of the candidate this reply is written for when they are not a recipient
   * of the conversation (it came from a forward); the composer warns.
   */
  notRecipient?: string;
  /** A reply picked on the candidate's profile: the subject of the conversation it joins (for its title). */
  threadSubject?: string;
  /** Set for a forward (`mode: 'forward'`). */
  forwardOf?: ForwardOf;
  /** A reply's quoted history: the mail it answers, quoted below the text by the engine. */
  quote?: { from: string; date: string; text: string };
}

/** What a sent mail was in the composer, kept while it is held (undo window, "Send later") so Undo brings it back. */
export interface HeldDraft {
  draft: Draft;
  /** The user chose a time ("Send later"); otherwise it is the grace period to undo. */
  later: boolean;
}

/** States in which an item needs the user: it did not go, or nobody knows whether it did. */
const attentionStates: readonly OutboxStateName[] = ['failed-permanent', 'failed-retryable', 'outcome-unknown', 'draft'];

export function needsAttention(item: OutboxItemView): boolean {
  return attentionStates.includes(item.state.state);
}

/** Cancel is possible until anything may have reached the server (docs/decisions.md "Sending (issue 8)"). */
export function mayCancel(item: OutboxItemView): boolean {
  return ['draft', 'queued', 'failed-retryable', 'failed-permanent', 'outcome-unknown'].includes(item.state.state);
}

interface OutboxStore {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: OutboxItemView[];
  error: WireError | null;
  /** Item ids sent from this window, shown where they were written until the user leaves the session. */
  sentHere: ReadonlySet<string>;
  /** Where each item sent from this window was written (a forward shows below the conversation it came from). */
  sentFrom: Readonly<Record<string, DraftKey>>;
  drafts: Partial<Record<DraftKey, Draft>>;
  /** Mail sent from this window that is still held, by item id. */
  held: Readonly<Record<string, HeldDraft>>;
  /** Drafts saved in the engine (the Drafts list), last changed first. */
  savedDrafts: SavedDraft[];
  load(): Promise<void>;
  /** Reads the saved drafts and brings back into the composers those not open here. */
  loadDrafts(): Promise<void>;
  applyChange(event: EventMap['outbox:changed']): void;
  cancel(itemId: string): Promise<Result<OutboxItemView>>;
  sendAnyway(itemId: string): Promise<Result<OutboxItemView>>;
  openDraft(initial: Omit<Draft, 'uploading' | 'sending' | 'error' | 'focusRequest' | 'showBcc' | 'attachments' | 'bcc'> & { bcc?: string }): void;
  updateDraft(key: DraftKey, change: Partial<Draft>): void;
  discardDraft(key: DraftKey): void;
  addFiles(key: DraftKey, files: File[]): Promise<void>;
  /** `quoteIntro`: the line above a reply's quoted history, in the user's language. */
  send(key: DraftKey, options?: { sendAt?: string; quoteIntro?: string }): Promise<Result<OutboxItemView> | null>;
  /**
   * Undo (or "Edit" of a mail sent later): cancels the held item — refused once anything may
   * have reached the server — and brings the mail back into its composer.
   */
  undo(itemId: string): Promise<Result<OutboxItemView>>;
  /** "Send now" for a held mail, "Retry now" for one waiting for its next attempt. */
  sendNow(itemId: string): Promise<Result<OutboxItemView>>;
}

/**
 * Splits what the user typed in an address field into recipients as written — at commas,
 * semicolons and new lines outside a quoted name (`"Apfel, Anna" <anna@…>` is one) — so
 * `Name <a@b>` keeps its name (the engine puts it into the headers).
 */
export function parseRecipients(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    if (!quoted && (character === ',' || character === ';' || character === '\n')) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** The addresses of what the user typed in an address field (`parseRecipients`); `Name <a@b>` gives `a@b`. */
export function parseAddresses(text: string): string[] {
  return parseRecipients(text).map((part) => /<([^<>]+)>\s*$/.exec(part)?.[1]?.trim() ?? part);
}

/** The draft's text as the editor shows it: its HTML, or a plain-text draft (saved before rich text) as paragraphs. */
export function editorHtml(draft: Pick<Draft, 'html' | 'body'>): string {
  if (draft.html !== undefined) return draft.html;
  return draft.body.trim() === '' ? '' : textToHtml(draft.body);
}

/** The HTML that goes with a draft when sent: the editor's, or a plain-text draft's paragraphs; none when it is empty. */
export function richHtml(draft: Pick<Draft, 'html' | 'body'>): string | undefined {
  if (draft.html !== undefined) return draft.html === '' ? undefined : draft.html;
  return draft.body.trim() === '' ? undefined : textToHtml(draft.body);
}

/** How long typing pauses before the draft is saved in the engine. */
export const draftSaveDelayMs = 800;

/** The draft as `drafts:save` takes it, with the files attached (the engine keeps them with the draft). */
export function draftInputOf(draft: Draft): DraftInput {
  return {
    place: draft.key,
    candidateId: draft.candidateId,
    mailboxId: draft.mailboxId === '' ? null : draft.mailboxId,
    ...(draft.replyToMessageId === undefined ? {} : { replyToMessageId: draft.replyToMessageId }),
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    body: draft.body,
    ...(draft.html === undefined ? {} : { html: draft.html }),
    attachmentBlobIds: draft.attachments.map((attachment) => attachment.blobId),
    composer: {
      mode: draft.mode,
      showBcc: draft.showBcc,
      ...(draft.notRecipient === undefined ? {} : { notRecipient: draft.notRecipient }),
      ...(draft.threadSubject === undefined ? {} : { threadSubject: draft.threadSubject }),
      ...(draft.forwardOf === undefined ? {} : { forwardOf: draft.forwardOf }),
      ...(draft.quote === undefined ? {} : { quote: draft.quote }),
    },
  };
}

/** A saved draft back in the composer's shape. */
export function draftOfSaved(saved: SavedDraft): Draft {
  const { composer } = saved;
  return {
    key: saved.place as DraftKey,
    mode: composer.mode,
    candidateId: saved.candidateId,
    ...(saved.replyToMessageId === undefined ? {} : { replyToMessageId: saved.replyToMessageId }),
    mailboxId: saved.mailboxId ?? '',
    to: saved.to,
    cc: saved.cc,
    bcc: saved.bcc,
    showBcc: composer.showBcc,
    subject: saved.subject,
    body: saved.body,
    ...(saved.html === undefined ? {} : { html: saved.html }),
    attachments: saved.attachments,
    uploading: [],
    sending: false,
    error: null,
    focusRequest: 0,
    ...(composer.notRecipient === undefined ? {} : { notRecipient: composer.notRecipient }),
    ...(composer.threadSubject === undefined ? {} : { threadSubject: composer.threadSubject }),
    ...(composer.forwardOf === undefined ? {} : { forwardOf: composer.forwardOf }),
    ...(composer.quote === undefined ? {} : { quote: composer.quote }),
  };
}

function upsert(items: OutboxItemView[], item: OutboxItemView): OutboxItemView[] {
  const index = items.findIndex((known) => known.id === item.id);
  if (index === -1) return [item, ...items];
  const next = items.slice();
  next[index] = item;
  return next;
}

export const useOutboxStore = create<OutboxStore>((set, get) => {
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  function scheduleReload(): void {
    if (reloadTimer !== null) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void get().load();
    }, 250);
  }

  // Drafts are saved as the user types, once typing pauses (one timer per place).
  const saveTimers = new Map<DraftKey, ReturnType<typeof setTimeout>>();
  function scheduleSave(key: DraftKey): void {
    const pending = saveTimers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    saveTimers.set(
      key,
      setTimeout(() => {
        saveTimers.delete(key);
        const draft = get().drafts[key];
        if (!draft || draft.sending) return;
        void call('drafts:save', draftInputOf(draft)).then((result) => {
          // A draft sent or discarded meanwhile stays out of the list.
          if (result.ok && get().drafts[key]) set({ savedDrafts: [result.value, ...get().savedDrafts.filter((saved) => saved.place !== key)] });
        });
      }, draftSaveDelayMs),
    );
  }
  function dropSaved(key: DraftKey): void {
    const pending = saveTimers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    saveTimers.delete(key);
    set({ savedDrafts: get().savedDrafts.filter((saved) => saved.place !== key) });
    void call('drafts:delete', { place: key });
  }

  function forget(itemId: string): void {
    if (!get().held[itemId]) return;
    const held = { ...get().held };
    delete held[itemId];
    set({ held });
  }

  function patchDraft(key: DraftKey, change: Partial<Draft> | ((draft: Draft) => Partial<Draft>)): void {
    const draft = get().drafts[key];
    if (!draft) return;
    const patch = typeof change === 'function' ? change(draft) : change;
    set({ drafts: { ...get().drafts, [key]: { ...draft, ...patch } } });
  }

  return {
    status: 'idle',
    items: [],
    error: null,
    sentHere: new Set(),
    sentFrom: {},
    drafts: {},
    held: {},
    savedDrafts: [],

    load: async () => {
      if (get().status === 'idle') {
        set({ status: 'loading' });
        void get().loadDrafts();
      }
      const result = await call('outbox:list', { limit: 200 });
      if (result.ok) set({ items: result.value.items, status: 'ready', error: null });
      else if (get().status !== 'ready') set({ status: 'error', error: result.error });
    },

    loadDrafts: async () => {
      const result = await call('drafts:list', {});
      if (!result.ok) return;
      const drafts = { ...get().drafts };
      // What is open here is newer than what was saved.
      for (const saved of result.value) if (!drafts[saved.place as DraftKey]) drafts[saved.place as DraftKey] = draftOfSaved(saved);
      set({ savedDrafts: result.value, drafts });
    },

    applyChange: (event) => {
      const known = get().items.find((item) => item.id === event.itemId);
      if (!known) {
        void get().load();
        return;
      }
      set({ items: upsert(get().items, { ...known, state: event.state, threadId: event.threadId ?? known.threadId, updatedAt: new Date().toISOString() }) });
      // Why it waits and when it is tried next come with the list, not with the push.
      if (event.state.state === 'queued' || event.state.state === 'failed-retryable' || known.waiting !== null) scheduleReload();
      if (event.state.state !== 'queued' && get().held[event.itemId]) forget(event.itemId);
    },

    cancel: async (itemId) => {
      const result = await call('outbox:cancel', { itemId });
      if (result.ok) set({ items: upsert(get().items, result.value) });
      return result;
    },

    undo: async (itemId) => {
      // Taken first: the pushed `cancelled` may come before the answer and forget it.
      const kept = get().held[itemId];
      const result = await call('outbox:cancel', { itemId });
      if (result.ok) {
        set({ items: upsert(get().items, result.value) });
        forget(itemId);
        if (kept) {
          const drafts = get().drafts;
          // A new draft written meanwhile in the same place is not overwritten.
          if (!drafts[kept.draft.key]) {
            set({ drafts: { ...drafts, [kept.draft.key]: { ...kept.draft, sending: false, error: null, focusRequest: kept.draft.focusRequest + 1 } } });
            scheduleSave(kept.draft.key);
          }
        }
      }
      return result;
    },

    sendNow: async (itemId) => {
      const result = await call('outbox:send-now', { itemId });
      if (result.ok) {
        set({ items: upsert(get().items, result.value) });
        forget(itemId);
      }
      return result;
    },

    sendAnyway: async (itemId) => {
      const result = await call('outbox:send-anyway', { itemId });
      if (result.ok) set({ items: upsert(get().items, result.value) });
      return result;
    },

    openDraft: (initial) => {
      const existing = get().drafts[initial.key];
      if (existing) {
        // A reply already being written stays; reopening only brings it to focus.
        patchDraft(initial.key, { focusRequest: existing.focusRequest + 1 });
        return;
      }
      const draft: Draft = { bcc: '', ...initial, showBcc: false, attachments: [], uploading: [], sending: false, error: null, focusRequest: 1 };
      set({ drafts: { ...get().drafts, [initial.key]: draft } });
    },

    updateDraft: (key, change) => {
      patchDraft(key, { ...change, error: change.error ?? null });
      scheduleSave(key);
    },

    discardDraft: (key) => {
      const drafts = { ...get().drafts };
      delete drafts[key];
      set({ drafts });
      dropSaved(key);
    },

    addFiles: async (key, files) => {
      for (const file of files) {
        patchDraft(key, (draft) => ({ uploading: [...draft.uploading, file.name] }));
        const result = await upload(file, file.name);
        patchDraft(key, (draft) => {
          const uploading = draft.uploading.slice();
          uploading.splice(uploading.indexOf(file.name), 1);
          return result.ok ? { uploading, attachments: [...draft.attachments, result.value] } : { uploading, error: result.error };
        });
        // Kept with the draft in the engine while the upload's blob is fresh.
        if (result.ok) scheduleSave(key);
      }
    },

    send: async (key, options) => {
      const draft = get().drafts[key];
      if (!draft || draft.sending || draft.uploading.length > 0) return null;
      patchDraft(key, { sending: true, error: null });
      const result = await call('outbox:send', {
        mailboxId: draft.mailboxId,
        candidateId: draft.candidateId,
        ...(draft.replyToMessageId !== undefined ? { replyToMessageId: draft.replyToMessageId } : {}),
        to: parseRecipients(draft.to),
        cc: parseRecipients(draft.cc),
        bcc: parseRecipients(draft.bcc),
        subject: draft.mode === 'new' || draft.mode === 'forward' ? draft.subject : '',
        body: draft.body,
        // Rich text: the engine sanitises the HTML and makes the text part from it.
        ...(richHtml(draft) === undefined ? {} : { html: richHtml(draft) }),
        attachmentBlobIds: draft.attachments.map((attachment) => attachment.blobId),
        // Files the saved draft keeps are read from it (their uploads may be long gone); it goes once queued.
        draftPlace: key,
        ...(draft.forwardOf === undefined ? {} : { forwardMessageId: draft.forwardOf.messageId, forwardAttachmentIds: draft.forwardOf.attachments.map((attachment) => attachment.id) }),
        ...(options?.sendAt === undefined ? {} : { sendAt: options.sendAt }),
        ...(options?.quoteIntro === undefined || draft.quote === undefined ? {} : { quoteIntro: options.quoteIntro }),
      });
      if (result.ok) {
        const drafts = { ...get().drafts };
        delete drafts[key];
        // Sent: the saved draft goes (Undo saves it again).
        dropSaved(key);
        // The pushed `queued` may have come before this answer: the answer carries why it waits.
        const held = result.value.sendAfter !== null ? { ...get().held, [result.value.id]: { draft: { ...draft, sending: false }, later: options?.sendAt !== undefined } } : get().held;
        set({ drafts, held, items: upsert(get().items, result.value), sentHere: new Set([...get().sentHere, result.value.id]), sentFrom: { ...get().sentFrom, [result.value.id]: key } });
      } else {
        patchDraft(key, { sending: false, error: result.error });
      }
      return result;
    },
  };
});
