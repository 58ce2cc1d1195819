import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential, CredentialSource, OAuthCredential } from '../../electron/core/auth/credentials.js';
import { createMicrosoftProvider, refreshMicrosoftCredential, type MicrosoftOAuthConfig, type MicrosoftProviderOptions } from '../../electron/core/providers/microsoft/index.js';
import type { HeaderPage, MailProvider } from '../../electron/core/providers/mail-provider.js';
import { findFreePorts } from '../support/mail-servers/free-ports.js';
import { buildMessage } from '../support/mail-servers/index.js';
import { startGraphApi, type GraphApiServer } from '../support/graph-api/index.js';
import { describeProviderConformance, rejection, type ConformanceSetup } from './provider-conformance.js';

// The Microsoft provider with the real client (fetch against Graph v1.0, MSAL for renewal)
// against the local Entra ID and Graph stand-in: the conformance suite, then what only
// Microsoft has. One server for the file; the conformance suite uses one account, the
// Microsoft cases another.

const conformanceAddress = 'mona@contoso.test';
const address = 'milan@contoso.test';
const hour = 60 * 60 * 1000;
let server: GraphApiServer;
let config: MicrosoftOAuthConfig;
let closedPort: number;

beforeAll(async () => {
  server = await startGraphApi();
  server.addAccount(conformanceAddress, 'Mona Marx');
  server.addAccount(address, 'Milan Moser');
  config = {
    clientId: server.clientId,
    tenant: 'organizations',
    authority: { host: server.msal.authorityHost, metadata: server.msal.authorityMetadata('organizations'), networkClient: server.msal.networkClient },
  };
  [closedPort] = (await findFreePorts(1)) as [number];
});

afterAll(async () => {
  await server?.close();
});

/** The engine's behaviour in small: the current credential, renewed through MSAL when asked. */
function refreshingSource(account: string, initial: OAuthCredential): CredentialSource & { refreshes: number } {
  let current: Credential = initial;
  const source = {
    refreshes: 0,
    current: async () => current,
    refresh: async (rejected: Credential) => {
      if (rejected !== current) return current;
      source.refreshes += 1;
      current = await refreshMicrosoftCredential(config, account, current as OAuthCredential);
      return current;
    },
  };
  return source;
}

function grantFor(account: string, revoked = false): OAuthCredential {
  const grant = server.grant(account);
  if (revoked) server.revoke(grant.refreshToken);
  return { kind: 'oauth', accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresAt: grant.expiresAt.toISOString() };
}

const tuning = { pollIntervalMs: 100, timeoutMs: 5_000 };

describeProviderConformance('Microsoft Graph, local stand-in', async (): Promise<ConformanceSetup> => {
  const openWith = async (credentials: CredentialSource, graphUrl = server.graphUrl) => createMicrosoftProvider({ address: conformanceAddress, graphUrl }, credentials, tuning);
  const valid = grantFor(conformanceAddress);
  const wrong = grantFor(conformanceAddress, true);
  return {
    provider: await openWith(refreshingSource(conformanceAddress, valid)),
    openWith: (credentials) => openWith(credentials),
    credential: (kind) => (kind === 'valid' ? valid : wrong),
    address: conformanceAddress,
    refusedRecipient: null,
    unknownRecipient: 'nobody@example.org',
    initialWindow: 'newest-messages',
    async fill(messages) {
      for (const message of messages) {
        server.deliver(conformanceAddress, message.raw, { folder: message.folder === 'inbox' ? 'inbox' : 'sentitems', receivedAt: message.receivedAt, isRead: message.seen ?? false });
      }
    },
    open(kind) {
      if (kind === 'wrong-credentials') return openWith(refreshingSource(conformanceAddress, grantFor(conformanceAddress, true)));
      if (kind === 'unreachable') return openWith(refreshingSource(conformanceAddress, valid), `http://127.0.0.1:${closedPort}/v1.0/`);
      return openWith(refreshingSource(conformanceAddress, valid));
    },
    expectedFolders: { inbox: server.folderId(conformanceAddress, 'inbox'), sent: server.folderId(conformanceAddress, 'sentitems'), sentRoleSource: 'provider' },
    async cleanup() {},
  };
});
