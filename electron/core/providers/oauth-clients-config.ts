import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { OAuthClients } from './default-providers.js';
import { defaultMicrosoftTenant, isMicrosoftTenant, type MicrosoftClientConfig } from './microsoft/index.js';

/**
 * Where a Hirebox installation finds its OAuth clients (docs/providers.md "Your own OAuth
 * client"): never in the repository. Both shells read the same, the environment first:
 * - `HIREBOX_GOOGLE_CLIENT_ID`, `HIREBOX_GOOGLE_CLIENT_SECRET`: the company's Google
 *   "Desktop app" client;
 * - `HIREBOX_MICROSOFT_CLIENT_ID`, `HIREBOX_MICROSOFT_TENANT`: the company's Entra app
 *   (a public client) and the tenant it signs in through (`common` unless told:
 *   `organizations`, `consumers` or a tenant id);
 * - else `oauth-clients.json` in the data folder: `{ "google": { "clientId": "…",
 *   "clientSecret": "…" }, "microsoft": { "clientId": "…", "tenant": "…" } }` (what an
 *   administrator rolls out with the app);
 * - `HIREBOX_GOOGLE_ENDPOINTS` (tests and the local stand-in only): JSON with `authorizeUrl`,
 *   `tokenUrl`, `revokeUrl` and `rootUrl`, moving Google's endpoints and the Gmail API;
 *   `HIREBOX_MICROSOFT_ENDPOINTS` likewise with `authorityHost`, `authorityUrl`, `graphUrl`.
 * A value that cannot be read is refused with a message naming it, never silently ignored.
 */
export const oauthClientsFileName = 'oauth-clients.json';
export const googleClientIdVariable = 'HIREBOX_GOOGLE_CLIENT_ID';
export const googleClientSecretVariable = 'HIREBOX_GOOGLE_CLIENT_SECRET';
export const googleEndpointsVariable = 'HIREBOX_GOOGLE_ENDPOINTS';
export const microsoftClientIdVariable = 'HIREBOX_MICROSOFT_CLIENT_ID';
export const microsoftTenantVariable = 'HIREBOX_MICROSOFT_TENANT';
export const microsoftEndpointsVariable = 'HIREBOX_MICROSOFT_ENDPOINTS';

const text = z.string().trim().min(1).max(300);
const httpUrl = z.url({ protocol: /^https?$/u }).max(2_000);
const tenant = text.refine(isMicrosoftTenant, 'must be "common", "organizations", "consumers" or a tenant id');
const fileSchema = z.strictObject({
  google: z.strictObject({ clientId: text, clientSecret: text.optional() }).optional(),
  microsoft: z.strictObject({ clientId: text, tenant: tenant.optional() }).optional(),
});
const endpointsSchema = z.strictObject({ authorizeUrl: httpUrl, tokenUrl: httpUrl, revokeUrl: httpUrl, rootUrl: httpUrl });
const microsoftEndpointsSchema = z.strictObject({ authorityHost: z.string().trim().min(1).max(253), authorityUrl: httpUrl, graphUrl: httpUrl });

/** The OAuth clients configured for this installation (empty: no browser sign-in is offered). */
export function oauthClientsFromConfiguration(dataFolder: string, env: NodeJS.ProcessEnv = process.env): OAuthClients {
  const file = readClientsFile(path.join(dataFolder, oauthClientsFileName));
  const clientId = env[googleClientIdVariable]?.trim() || file.google?.clientId;
  const clientSecret = env[googleClientSecretVariable]?.trim() || file.google?.clientSecret;
  const endpoints = readJson(googleEndpointsVariable, env[googleEndpointsVariable], endpointsSchema);
  const microsoft = microsoftClient(file, env);
  return {
    ...(clientId === undefined
      ? {}
      : {
          google: {
            clientId,
            ...(clientSecret === undefined ? {} : { clientSecret }),
            ...(endpoints === null ? {} : { endpoints: { authorizeUrl: endpoints.authorizeUrl, tokenUrl: endpoints.tokenUrl, revokeUrl: endpoints.revokeUrl }, rootUrl: endpoints.rootUrl }),
          },
        }),
    ...(microsoft === null ? {} : { microsoft }),
  };
}

function microsoftClient(file: z.infer<typeof fileSchema>, env: NodeJS.ProcessEnv): MicrosoftClientConfig | null {
  const clientId = env[microsoftClientIdVariable]?.trim() || file.microsoft?.clientId;
  if (clientId === undefined) return null;
  const tenantValue = env[microsoftTenantVariable]?.trim() || file.microsoft?.tenant || defaultMicrosoftTenant;
  if (!isMicrosoftTenant(tenantValue)) throw new AppError('invalid-input', `${microsoftTenantVariable} must be "common", "organizations", "consumers" or a tenant id.`);
  const endpoints = readJson(microsoftEndpointsVariable, env[microsoftEndpointsVariable], microsoftEndpointsSchema);
  return { clientId, tenant: tenantValue, ...(endpoints === null ? {} : { endpoints }) };
}

function readClientsFile(file: string): z.infer<typeof fileSchema> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError('invalid-input', `${file} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new AppError('invalid-input', `${file} is not valid JSON.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid-input', `${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

function readJson<T>(variable: string, value: string | undefined, schema: z.ZodType<T>): T | null {
  if (value === undefined || value.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new AppError('invalid-input', `${variable} is not valid JSON.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid-input', `${variable}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}
