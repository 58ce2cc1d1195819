import type { ListResponse } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { toProviderFolders } from './imap-folders.js';

function listed(path: string, flags: string[] = [], extra: Partial<ListResponse> = {}): ListResponse {
  const parts = path.split('.');
  return { path, pathAsListed: path, name: parts.at(-1) ?? path, delimiter: '.', parent: parts.slice(0, -1), parentPath: parts.slice(0, -1).join('.'), flags: new Set(flags), listed: true, subscribed: true, ...extra };
}

describe('toProviderFolders (R9)', () => {
  it('takes the server’s \\Sent and leaves out folders that cannot be selected', () => {
    const folders = toProviderFolders([
      listed('INBOX', ['\\HasNoChildren'], { specialUse: '\\Inbox', specialUseSource: 'name' }),
      listed('Postausgang', ['\\Sent'], { specialUse: '\\Sent', specialUseSource: 'extension' }),
      listed('Sent', [], { specialUse: '\\Sent', specialUseSource: 'name' }),
      listed('Projects', ['\\Noselect', '\\HasChildren']),
      listed('Gone', ['\\NonExistent']),
      listed('Projects.2025'),
    ]);
    expect(folders).toEqual([
      { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'name' },
      { path: 'Postausgang', name: 'Postausgang', role: 'sent', roleSource: 'special-use' },
      { path: 'Sent', name: 'Sent', role: 'other', roleSource: null },
      { path: 'Projects.2025', name: 'Projects.2025', role: 'other', roleSource: null },
    ]);
  });

  it('does not take imapflow’s guess from the name for the attribute, and finds names under INBOX.', () => {
    const folders = toProviderFolders([
      listed('INBOX', ['\\HasChildren']),
      listed('INBOX.Gesendete Objekte', [], { specialUse: '\\Sent', specialUseSource: 'name' }),
      listed('INBOX.Entw&APw-rfe'),
    ]);
    expect(folders.find((folder) => folder.role === 'sent')).toEqual({ path: 'INBOX.Gesendete Objekte', name: 'INBOX.Gesendete Objekte', role: 'sent', roleSource: 'name' });
    // A modified UTF-7 name that reached us undecoded is shown decoded (RFC 3501 §5.1.3).
    expect(folders.at(-1)?.name).toBe('INBOX.Entwürfe');
  });

  it('answers no Sent folder when there is none', () => {
    expect(toProviderFolders([listed('INBOX'), listed('Drafts')]).map((folder) => folder.role)).toEqual(['inbox', 'other']);
  });
});
