import { describe, expect, it } from 'vitest';
import { SettingsDiscovery } from './settings-discovery.js';

describe('SettingsDiscovery (presets, no network)', () => {
  const discovery = new SettingsDiscovery({ servers: ['127.0.0.1:9'], timeoutMs: 200 });

  it('suggests iCloud with the name before the @ and the app-password hint', async () => {
    await expect(discovery.suggest('emily@icloud.com')).resolves.toEqual({
      source: 'preset',
      preset: { id: 'icloud', name: 'iCloud Mail' },
      imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
      userName: 'emily',
      hint: 'icloud-app-password',
    });
  });

  it('does not ask DNS about an address without a domain', async () => {
    await expect(discovery.suggest('emily')).resolves.toEqual({ source: 'none', userName: 'emily' });
  });

  it('gives none when nothing answers', async () => {
    await expect(discovery.suggest('olivia@acme.invalid')).resolves.toEqual({ source: 'none', userName: 'olivia@acme.invalid' });
  });
});
