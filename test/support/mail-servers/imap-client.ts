import { ImapFlow } from 'imapflow';
import type { Dovecot } from './dovecot.js';

/**
 * An imapflow session logged in as one of the Dovecot's users, for tests that look at the
 * server's state directly (not through a provider). Log out in `finally`. `password`
 * overrides the user's own, to test refusals.
 */
export async function connectImap(dovecot: Dovecot, user: string, password?: string): Promise<ImapFlow> {
  const known = dovecot.users.find((candidate) => candidate.name === user);
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: { user, pass: password ?? known?.password ?? '' },
    logger: false,
    // imapflow 2.x would start IDLE 15 s after the last command on its own (RECIPES.md).
    disableAutoIdle: true,
  });
  // Without a listener an 'error' event (e.g. a socket timeout) crashes the test process;
  // the failing command rejects anyway.
  client.on('error', () => {});
  await client.connect();
  return client;
}
