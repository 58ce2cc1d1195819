import { describe, expect, it } from 'vitest';
import { type ListedFolder, decodePath, pickScannedFolders } from './folder-roles.js';

const folder = (path: string, extra: Partial<ListedFolder> = {}): ListedFolder => ({ path, delimiter: '/', flags: [], ...extra });

describe('pickScannedFolders (R9)', () => {
  it('takes INBOX and the \\Sent special-use folder', () => {
    const picked = pickScannedFolders([
      folder('INBOX'),
      folder('Sent', { flags: [] }),
      folder('Postausgang gesendet', { flags: ['\\HasNoChildren', '\\Sent'] }),
      folder('Archive', { flags: ['\\Archive'] }),
    ]);
    expect(picked).toEqual({ inbox: { path: 'INBOX', rule: 'inbox-name' }, sent: { path: 'Postausgang gesendet', rule: 'special-use' } });
  });

  it('takes imapflow’s specialUse from the server, not its guess from the name', () => {
    expect(pickScannedFolders([folder('Inbox'), folder('Gesendet', { specialUse: '\\Sent', specialUseSource: 'extension' })]).sent).toEqual({ path: 'Gesendet', rule: 'special-use' });
    expect(pickScannedFolders([folder('INBOX'), folder('Sent', { specialUse: '\\Sent', specialUseSource: 'name' })]).sent).toEqual({ path: 'Sent', rule: 'well-known-name' });
  });

  it('falls back to well-known names without \\Sent, case-insensitively', () => {
    for (const name of ['Sent', 'SENT ITEMS', 'Sent Messages', 'Gesendet', 'Gesendete Objekte', 'gesendete elemente', 'Envoyés', 'Éléments envoyés', 'Enviados', 'Elementos enviados', 'Inviata', 'Posta inviata', 'Verzonden', 'Verzonden items', 'Wysłane', 'Skickat', 'Sendt', 'Lähetetyt']) {
      expect(pickScannedFolders([folder('INBOX'), folder('Drafts'), folder(name)]).sent, name).toEqual({ path: name, rule: 'well-known-name' });
    }
  });

  it('finds the Sent folder under an INBOX. or INBOX/ prefix', () => {
    const dotted = pickScannedFolders([
      { path: 'INBOX', delimiter: '.', flags: ['\\HasChildren'] },
      { path: 'INBOX.Entwürfe', delimiter: '.', flags: [] },
      { path: 'INBOX.Gesendete Objekte', delimiter: '.', flags: [] },
    ]);
    expect(dotted.sent).toEqual({ path: 'INBOX.Gesendete Objekte', rule: 'well-known-name-under-inbox' });
    expect(pickScannedFolders([folder('INBOX'), folder('inbox/Sent')]).sent).toEqual({ path: 'inbox/Sent', rule: 'well-known-name-under-inbox' });
  });

  it('prefers the earlier name, and a top-level folder to one under INBOX', () => {
    expect(pickScannedFolders([folder('INBOX/Sent'), folder('Sent Items'), folder('Sent')]).sent?.path).toBe('Sent');
    expect(pickScannedFolders([folder('INBOX.Sent', { delimiter: '.' }), folder('Sent Items')]).sent?.path).toBe('INBOX.Sent');
  });

  it('decodes modified UTF-7 names (RFC 3501 §5.1.3)', () => {
    expect(decodePath('Envoy&AOk-s')).toBe('Envoyés');
    expect(decodePath('INBOX.Gesendete Objekte')).toBe('INBOX.Gesendete Objekte');
    expect(decodePath('Tom &- Jerry')).toBe('Tom & Jerry');
    expect(decodePath('&Jjo-!')).toBe('☺!');
    expect(decodePath('odd &AB- name')).toBe('odd &AB- name');
    expect(decodePath('bad &*- name')).toBe('bad &*- name');
    expect(pickScannedFolders([folder('INBOX'), folder('&AMk-l&AOk-ments envoy&AOk-s')]).sent?.rule).toBe('well-known-name');
  });

  it('skips folders that cannot be selected, and says when nothing fits', () => {
    expect(pickScannedFolders([folder('INBOX'), folder('Sent', { flags: ['\\Noselect'] })]).sent).toBeNull();
    expect(pickScannedFolders([folder('INBOX'), folder('Sent', { flags: ['\\NonExistent', '\\Sent'] })]).sent).toBeNull();
    expect(pickScannedFolders([folder('Archive'), folder('Sent-Backup'), folder('Old/Sent')])).toEqual({ inbox: null, sent: null });
    expect(pickScannedFolders([])).toEqual({ inbox: null, sent: null });
  });

  it('finds INBOX in any case', () => {
    expect(pickScannedFolders([folder('Inbox')]).inbox).toEqual({ path: 'Inbox', rule: 'inbox-name' });
  });
});
