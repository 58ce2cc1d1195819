import { expect } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { MailboxSummary } from '../../shared/model.js';
import { installationOwner } from '../../electron/core/api/caller.js';
import type { Engine } from '../../electron/core/engine.js';

/** What the browser does with an authorization address: the provider's page redirects to the loopback listener. */
export async function signInInBrowser(authorizationUrl: string): Promise<string> {
  const authorize = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callback = await fetch(authorize.headers.get('location')!);
  return callback.text();
}

/** `mailboxes:oauth-finish` asked again while it answers `waiting`, as the UI does: the mailbox, or the error. */
export async function finishSignIn(engine: Engine, attemptId: string): Promise<Result<MailboxSummary>> {
  for (;;) {
    const result = await engine.call(installationOwner, 'mailboxes:oauth-finish', { attemptId });
    if (!result.ok) return result;
    if (result.value.state === 'connected') return { ok: true, value: result.value.mailbox };
  }
}
