import { simpleParser, type AddressObject } from 'mailparser';
import { normalizeMessageId, parseMessageIdList } from '../../domain/message-headers.js';
import { AppError } from '../../errors.js';
import type { FolderChange, HeaderAddress, HeaderPage, MailProvider, MessageHeaders, ProviderFolder, ScanStart, SendResult } from '../../providers/mail-provider.js';

/** One sample message as a mailbox would hold it. */
export interface SampleSource {
  folder: 'INBOX' | 'Sent';
  raw: Buffer;
  receivedAt: Date;
}

const uidValidity = 1;

/**
 * A mailbox in memory holding the sample mail (issue 25), so the sample data goes through
 * the sync's own header-first matcher, forward peek, threading and storing
 * (`MailboxSync`) exactly as mail from a server does. It reads and never sends.
 */
export class SampleMailProvider implements MailProvider {
  readonly kind = 'imap' as const;
  readonly sentCopy = 'client' as const;
  readonly #folders = new Map<string, SampleSource[]>();

  constructor(sources: readonly SampleSource[]) {
    for (const source of sources) {
      const list = this.#folders.get(source.folder) ?? [];
      list.push(source);
      this.#folders.set(source.folder, list);
    }
  }

  async listFolders(): Promise<ProviderFolder[]> {
    return [
      { path: 'INBOX', name: 'INBOX', role: 'inbox', roleSource: 'name' },
      { path: 'Sent', name: 'Sent', role: 'sent', roleSource: 'special-use' },
    ];
  }

  async *scanHeaders(folder: string, _start: ScanStart): AsyncIterable<HeaderPage> {
    const sources = this.#folders.get(folder) ?? [];
    const headers: MessageHeaders[] = [];
    for (const [index, source] of sources.entries()) headers.push(await readHeaders(source, folder, index + 1));
    yield { headers, cursor: String(sources.length), uidValidity, total: sources.length, scanned: sources.length };
  }

  async fetchSource(key: string, maxBytes: number): Promise<Buffer> {
    return this.#source(key).subarray(0, maxBytes);
  }

  async peekBody(key: string, maxBytes: number): Promise<Buffer> {
    return this.#source(key).subarray(0, maxBytes);
  }

  async findByMessageId(): Promise<string | null> {
    return null;
  }

  async append(): Promise<string> {
    throw new AppError('invalid-input', 'The sample mailbox does not take mail.');
  }

  async waitForChange(): Promise<FolderChange> {
    return 'quiet';
  }

  async send(): Promise<SendResult> {
    return { outcome: 'not-sent', failure: 'permanent', reason: 'The sample mailbox cannot send mail.' };
  }

  async close(): Promise<void> {}

  #source(key: string): Buffer {
    const [folder, uid] = key.split(':');
    const source = this.#folders.get(folder ?? '')?.[Number(uid) - 1];
    if (source === undefined) throw new AppError('not-found', 'There is no such sample message.');
    return source.raw;
  }
}

async function readHeaders(source: SampleSource, folder: string, uid: number): Promise<MessageHeaders> {
  const parsed = await simpleParser(source.raw, { skipImageLinks: true, skipTextLinks: true });
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : null;
  };
  return {
    key: `${folder}:${uid}`,
    location: { folder, uidValidity, uid, providerId: null },
    internalDate: source.receivedAt,
    messageId: normalizeMessageId(parsed.messageId ?? null),
    inReplyTo: parseMessageIdList(header('in-reply-to')),
    references: parseMessageIdList(header('references')),
    subject: parsed.subject ?? '',
    date: parsed.date ?? null,
    from: addressesOf(parsed.from),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    bcc: addressesOf(parsed.bcc),
    size: source.raw.length,
    flags: folder === 'Sent' ? ['\\Seen'] : [],
  };
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): HeaderAddress[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((object) => object.value.flatMap((entry) => (entry.group ? entry.group : [entry]))).map((entry) => ({ name: entry.name ?? '', address: entry.address ?? '' }));
}
