/**
 * Migration 6: mail that waits on purpose before it goes (R15 "Outbox states").
 *
 * - `outbox_items.send_after`: the item is not sent before this time (ISO 8601) — the
 *   grace period in which "Undo" takes a mail back, or the time the user chose with
 *   "Send later". Kept apart from `next_attempt_at`, which a mailbox coming back online
 *   clears: coming online must not send a mail the user asked to hold.
 * - `user_preferences.undo_send_seconds`: the user's grace period (0 = none).
 *
 * Never edit this text after a release: add `007-...` instead.
 */
export const version = 6;

export const sql = /* sql */ `
ALTER TABLE outbox_items ADD COLUMN send_after TEXT;
ALTER TABLE user_preferences ADD COLUMN undo_send_seconds INTEGER NOT NULL DEFAULT 10
  CHECK (undo_send_seconds BETWEEN 0 AND 60);
`;
