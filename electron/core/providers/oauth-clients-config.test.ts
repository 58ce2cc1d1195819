import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempFolder } from '../../../test/support/temp-folder.js';
import { oauthClientsFileName, oauthClientsFromConfiguration } from './oauth-clients-config.js';

// What an administrator configures decides which sign-ins the connect form offers; a value
// that cannot be used is refused with its name, never silently ignored.

const temps: { remove(): void }[] = [];
function folderWith(file?: unknown): string {
  const temp = makeTempFolder();
  temps.push(temp);
  if (file !== undefined) fs.writeFileSync(path.join(temp.folder, oauthClientsFileName), JSON.stringify(file));
  return temp.folder;
}
afterEach(() => temps.splice(0).forEach((temp) => temp.remove()));

describe('OAuth clients from configuration', () => {
  it('offers nothing when nothing is configured', () => {
    expect(oauthClientsFromConfiguration(folderWith(), {})).toEqual({});
  });

  it('reads the Entra app from the environment, tenant "common" unless told', () => {
    expect(oauthClientsFromConfiguration(folderWith(), { HIREBOX_MICROSOFT_CLIENT_ID: 'app-id' })).toEqual({ microsoft: { clientId: 'app-id', tenant: 'common' } });
    expect(oauthClientsFromConfiguration(folderWith(), { HIREBOX_MICROSOFT_CLIENT_ID: 'app-id', HIREBOX_MICROSOFT_TENANT: 'organizations' }).microsoft?.tenant).toBe('organizations');
  });

  it('reads both clients from oauth-clients.json, the environment first', () => {
    const folder = folderWith({ google: { clientId: 'google-id' }, microsoft: { clientId: 'file-app', tenant: 'consumers' } });
    expect(oauthClientsFromConfiguration(folder, {})).toEqual({ google: { clientId: 'google-id' }, microsoft: { clientId: 'file-app', tenant: 'consumers' } });
    expect(oauthClientsFromConfiguration(folder, { HIREBOX_MICROSOFT_CLIENT_ID: 'env-app' }).microsoft).toEqual({ clientId: 'env-app', tenant: 'consumers' });
  });

  it('refuses a tenant Entra would not take, naming where it came from', () => {
    expect(() => oauthClientsFromConfiguration(folderWith(), { HIREBOX_MICROSOFT_CLIENT_ID: 'app-id', HIREBOX_MICROSOFT_TENANT: 'not a tenant' })).toThrow(/HIREBOX_MICROSOFT_TENANT/u);
    expect(() => oauthClientsFromConfiguration(folderWith({ microsoft: { clientId: 'app', tenant: 'x y' } }), {})).toThrow(/microsoft\.tenant/u);
  });

  it('moves Microsoft’s endpoints for the local stand-in only when told, and refuses bad JSON', () => {
    const endpoints = { authorityHost: 'login.hirebox.test', authorityUrl: 'http://127.0.0.1:1234/', graphUrl: 'http://127.0.0.1:1234/v1.0/' };
    expect(oauthClientsFromConfiguration(folderWith(), { HIREBOX_MICROSOFT_CLIENT_ID: 'app', HIREBOX_MICROSOFT_ENDPOINTS: JSON.stringify(endpoints) }).microsoft?.endpoints).toEqual(endpoints);
    expect(() => oauthClientsFromConfiguration(folderWith(), { HIREBOX_MICROSOFT_CLIENT_ID: 'app', HIREBOX_MICROSOFT_ENDPOINTS: '{' })).toThrow(/HIREBOX_MICROSOFT_ENDPOINTS is not valid JSON/u);
  });
});
