/**
 * R9 Folders: which IMAP folders are scanned — INBOX and the Sent folder. The Sent folder
 * is the one with the `\Sent` special-use attribute (RFC 6154); only when no folder
 * carries it do well-known names count, in several languages, also under an `INBOX.`
 * (or `INBOX/`) prefix as Courier-style servers put every folder below INBOX.
 */

/** One entry of a LIST response, as imapflow's `list()` reports it. */
export interface ListedFolder {
  /** The decoded path (`INBOX.Gesendete Objekte`); a modified UTF-7 path is decoded too. */
  path: string;
  /** The hierarchy delimiter; null for a flat namespace (RFC 3501 §7.2.2 NIL). */
  delimiter: string | null;
  /** The special-use attribute (`\Sent`), when known. */
  specialUse?: string | null;
  /**
   * Where imapflow got `specialUse` from. imapflow guesses it from the name when the
   * server has no SPECIAL-USE (`'name'`); such a guess is not taken for the attribute,
   * our own name rules apply instead.
   */
  specialUseSource?: 'extension' | 'name' | 'user' | null;
  /** The LIST attributes (`\Noselect`, `\HasChildren`, `\Sent`, ...). */
  flags: Iterable<string>;
}

/** How a folder was chosen, for the settings screen. */
export type FolderRule =
  /** INBOX, by its name (RFC 3501 §5.1: the name INBOX is case-insensitive). */
  | 'inbox-name'
  /** The `\Sent` special-use attribute (RFC 6154). */
  | 'special-use'
  /** A well-known Sent folder name at the top level. */
  | 'well-known-name'
  /** A well-known Sent folder name under an `INBOX.` or `INBOX/` prefix. */
  | 'well-known-name-under-inbox';

/** A chosen folder and the rule that chose it. */
export interface ChosenFolder {
  path: string;
  rule: FolderRule;
}

/** The folders R9 scans. */
export interface ScannedFolders {
  inbox: ChosenFolder | null;
  /** Null when neither `\Sent` nor a well-known name was found: settings ask the user. */
  sent: ChosenFolder | null;
}

/**
 * Well-known Sent folder names, lower case, in order of preference when a server has
 * several (a mailbox used by Outlook and Thunderbird may hold "Sent Items" and "Sent").
 */
export const wellKnownSentNames: readonly string[] = [
  'sent', // English: Dovecot, Thunderbird, iCloud
  'sent items', // English: Outlook, Exchange
  'sent messages', // English: Apple Mail
  'sent mail', // English: Gmail without SPECIAL-USE
  'gesendet', // German: GMX, WEB.DE
  'gesendete objekte', // German: Outlook, T-Online
  'gesendete elemente', // German: Outlook (newer)
  'gesendete nachrichten', // German: Apple Mail
  'envoyés', // French
  'éléments envoyés', // French: Outlook
  'messages envoyés', // French
  'enviados', // Spanish, Portuguese
  'elementos enviados', // Spanish: Outlook
  'itens enviados', // Portuguese: Outlook
  'inviata', // Italian
  'posta inviata', // Italian: Outlook
  'inviati', // Italian
  'elementi inviati', // Italian
  'verzonden', // Dutch
  'verzonden items', // Dutch: Outlook
  'verzonden berichten', // Dutch
  'wysłane', // Polish
  'elementy wysłane', // Polish: Outlook
  'skickat', // Swedish
  'skickade objekt', // Swedish: Outlook
  'sendt', // Danish, Norwegian
  'sendte elementer', // Danish, Norwegian: Outlook
  'lähetetyt', // Finnish
  'lähetetyt kohteet', // Finnish: Outlook
];

const unselectable = new Set(['\\noselect', '\\nonexistent']);

/**
 * Picks INBOX and the Sent folder from a LIST result (R9). Folders that cannot be selected
 * (`\Noselect`, `\NonExistent`) are skipped. Sent: the first folder with `\Sent` (in
 * `flags` or a server-given `specialUse`); else the most preferred well-known name,
 * compared case-insensitively after Unicode NFC, a top-level folder before one under INBOX.
 */
export function pickScannedFolders(folders: readonly ListedFolder[]): ScannedFolders {
  const selectable = folders.filter((folder) => ![...folder.flags].some((flag) => unselectable.has(flag.toLowerCase())));
  const inboxFolder = selectable.find((folder) => decodePath(folder.path).toUpperCase() === 'INBOX');
  const inbox: ChosenFolder | null = inboxFolder === undefined ? null : { path: inboxFolder.path, rule: 'inbox-name' };

  const bySpecialUse = selectable.find((folder) => hasSentAttribute(folder));
  if (bySpecialUse !== undefined) return { inbox, sent: { path: bySpecialUse.path, rule: 'special-use' } };

  let best: { folder: ListedFolder; rank: number; underInbox: boolean } | null = null;
  for (const folder of selectable) {
    const named = sentNameOf(folder);
    if (named === null) continue;
    if (best === null || named.rank < best.rank || (named.rank === best.rank && best.underInbox && !named.underInbox)) {
      best = { folder, ...named };
    }
  }
  if (best === null) return { inbox, sent: null };
  return { inbox, sent: { path: best.folder.path, rule: best.underInbox ? 'well-known-name-under-inbox' : 'well-known-name' } };
}

function hasSentAttribute(folder: ListedFolder): boolean {
  if ([...folder.flags].some((flag) => flag.toLowerCase() === '\\sent')) return true;
  return folder.specialUse?.toLowerCase() === '\\sent' && folder.specialUseSource !== 'name';
}

/** The well-known name's rank, and whether it sits under INBOX; null for other names. */
function sentNameOf(folder: ListedFolder): { rank: number; underInbox: boolean } | null {
  const path = decodePath(folder.path).normalize('NFC').trim();
  const rankOf = (name: string) => wellKnownSentNames.indexOf(name.toLowerCase());
  const topLevel = rankOf(path);
  if (topLevel >= 0) return { rank: topLevel, underInbox: false };
  const delimiters = new Set([folder.delimiter ?? '', '.', '/'].filter((delimiter) => delimiter !== ''));
  for (const delimiter of delimiters) {
    const prefix = `INBOX${delimiter}`;
    if (path.length > prefix.length && path.slice(0, prefix.length).toUpperCase() === prefix) {
      const rank = rankOf(path.slice(prefix.length));
      if (rank >= 0) return { rank, underInbox: true };
    }
  }
  return null;
}

/**
 * A mailbox name in modified UTF-7 (RFC 3501 §5.1.3: `&` + modified base64 of UTF-16BE +
 * `-`, `&-` for `&`) decoded; a name that is not valid modified UTF-7 is returned as it is,
 * as imapflow already hands over decoded paths.
 */
export function decodePath(path: string): string {
  if (!path.includes('&')) return path;
  let valid = true;
  const decoded = path.replace(/&([A-Za-z0-9+,]*)-/gu, (whole: string, encoded: string) => {
    if (encoded === '') return '&';
    let bytes: string;
    try {
      bytes = atob(encoded.replace(/,/gu, '/'));
    } catch {
      valid = false;
      return whole;
    }
    if (bytes.length % 2 !== 0) {
      valid = false;
      return whole;
    }
    let text = '';
    for (let index = 0; index < bytes.length; index += 2) text += String.fromCharCode((bytes.charCodeAt(index) << 8) | bytes.charCodeAt(index + 1));
    return text;
  });
  return valid ? decoded : path;
}
