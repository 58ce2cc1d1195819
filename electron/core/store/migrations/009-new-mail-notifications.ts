/**
 * Migration 9: notifications of new candidate mail, per user.
 *
 * - `user_preferences.new_mail_notifications`: `off`, `all` (every new candidate mail the
 *   user may see) or `my-jobs` (only mail about candidates of jobs whose team they are on).
 *
 * Never edit this text after a release: add `010-...` instead.
 */
export const version = 9;

export const sql = /* sql */ `
ALTER TABLE user_preferences ADD COLUMN new_mail_notifications TEXT NOT NULL DEFAULT 'all'
  CHECK (new_mail_notifications IN ('off', 'all', 'my-jobs'));
`;
