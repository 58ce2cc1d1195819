import type { ListResponse } from 'imapflow';
import { assertNever } from '../../../../shared/assert-never.js';
import { decodePath, pickScannedFolders, type FolderRule } from '../../domain/folder-roles.js';
import type { ProviderFolder } from '../mail-provider.js';

const unselectable = ['\\noselect', '\\nonexistent'];

/**
 * The selectable folders of a LIST answer, each with its R9 role. `\Noselect` and
 * `\NonExistent` entries (RFC 9051 §7.3.1; hierarchy placeholders) cannot hold mail and
 * are left out. The roles come from `pickScannedFolders`: `\Sent` from the server's
 * SPECIAL-USE (RFC 6154) — imapflow's guess from the name (`specialUseSource: 'name'`) is
 * not taken for the attribute — else the multilingual name rules, also under `INBOX.`.
 */
export function toProviderFolders(listed: readonly ListResponse[]): ProviderFolder[] {
  const selectable = listed.filter((entry) => ![...entry.flags].some((flag) => unselectable.includes(flag.toLowerCase())));
  const picked = pickScannedFolders(
    selectable.map((entry) => ({
      path: entry.path,
      delimiter: entry.delimiter || null,
      specialUse: entry.specialUse ?? null,
      specialUseSource: entry.specialUseSource ?? null,
      flags: entry.flags,
    })),
  );
  return selectable.map((entry) => {
    const name = decodePath(entry.path);
    if (picked.inbox?.path === entry.path) return { path: entry.path, name, role: 'inbox', roleSource: roleSourceOf(picked.inbox.rule) };
    if (picked.sent?.path === entry.path) return { path: entry.path, name, role: 'sent', roleSource: roleSourceOf(picked.sent.rule) };
    return { path: entry.path, name, role: 'other', roleSource: null };
  });
}

function roleSourceOf(rule: FolderRule): ProviderFolder['roleSource'] {
  switch (rule) {
    case 'special-use':
      return 'special-use';
    case 'inbox-name':
    case 'well-known-name':
    case 'well-known-name-under-inbox':
      return 'name';
    default:
      return assertNever(rule);
  }
}
