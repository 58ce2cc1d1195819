import { z } from 'zod';
import type { BlobRef } from './model.js';

/**
 * Drafts kept in the engine as the user types (writing to candidates): where each is
 * written, what it says, and the composer's own state to reopen it as it was. A draft is
 * candidate data (R3): it goes with its candidate.
 */

/** Where a draft is written: below a conversation, on a profile, or a forward from a conversation. */
export const draftPlace = z.string().regex(/^(?:thread|candidate|forward):[0-9a-f-]{36}$/u, 'Not a draft place');

const attachmentView = z.strictObject({
  id: z.string().max(100),
  fileName: z.string().max(1000),
  mimeType: z.string().max(255),
  size: z.number().int().min(0),
  isInline: z.boolean(),
  stored: z.boolean(),
});

/** The composer's state beyond the mail's fields, stored as JSON and parsed on every read. */
export const composerState = z.strictObject({
  mode: z.enum(['reply', 'reply-all', 'new', 'forward']),
  showBcc: z.boolean().default(false),
  notRecipient: z.string().max(500).optional(),
  threadSubject: z.string().max(998).optional(),
  forwardOf: z
    .strictObject({
      messageId: z.uuid(),
      candidateName: z.string().max(500),
      from: z.string().max(5000),
      date: z.string().max(100),
      subject: z.string().max(998),
      text: z.string().max(1_000_000).nullable(),
      attachments: z.array(attachmentView).max(50),
    })
    .optional(),
  quote: z.strictObject({ from: z.string().max(5000), date: z.string().max(100), text: z.string().max(1_000_000) }).optional(),
});
export type ComposerState = z.output<typeof composerState>;

/** What `drafts:save` takes: the whole draft as it stands (the engine keeps one per place and user). */
export const draftInput = z.strictObject({
  place: draftPlace,
  candidateId: z.uuid(),
  mailboxId: z.uuid().nullable(),
  replyToMessageId: z.uuid().optional(),
  /** The address fields as typed (checked when sending, not while writing). */
  to: z.string().max(20_000),
  cc: z.string().max(20_000),
  bcc: z.string().max(20_000),
  subject: z.string().max(998),
  body: z.string().max(1_000_000),
  /** Rich text: the same text as the editor's HTML; absent for a plain-text draft (saved before rich text). */
  html: z.string().max(2_000_000).optional(),
  composer: composerState,
  /**
   * Files the user attached: each a blob just uploaded (`POST /blob`, the desktop picker) or
   * an attachment the draft already keeps (its `attachments[].blobId`). The engine keeps them
   * in the data folder with the draft; one left out of the list is removed.
   */
  attachmentBlobIds: z.array(z.uuid('Not a valid id')).max(50).default([]),
});
export type DraftInput = z.output<typeof draftInput>;

/** A saved draft, as `drafts:list` and `drafts:save` return it. */
export interface SavedDraft extends DraftInput {
  id: string;
  /** The candidate's name, for the list. */
  candidateName: string;
  /** The files the draft keeps, in the order attached; `blobId` is what `attachmentBlobIds` and `outbox:send` name them by. */
  attachments: BlobRef[];
  updatedAt: string;
}
