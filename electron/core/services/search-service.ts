import type { MailAddressView, SearchHit } from '../../../shared/model.js';
import type { Page } from '../../../shared/paging.js';
import { excerptAround, parseSearchText, toFtsQuery } from '../../../shared/search-text.js';
import { candidateScope, type Viewer } from '../domain/visibility.js';
import { AppError } from '../errors.js';
import { seqBase } from '../store/repositories/messages-repository.js';
import type { SearchFilters } from '../store/repositories/search-repository.js';
import type { Store } from '../store/store.js';

export interface SearchInput extends Omit<SearchFilters, 'fromSeq' | 'toSeq'> {
  text: string;
  /** ISO 8601 instants, both included. */
  since?: string | undefined;
  until?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The highest `seq` of a message dated at or before `date` (to the second). */
function lastSeqAt(date: string): number {
  return seqBase(new Date(Date.parse(date) + 1000).toISOString()) - 1;
}

function firstAddress(json: string): MailAddressView | null {
  const [first] = JSON.parse(json) as { name?: string | null; address: string }[];
  if (first === undefined) return null;
  return first.name ? { name: first.name, address: first.address } : { address: first.address };
}

/**
 * Full-text search over stored mail — subject, body, addresses with their names, and
 * attachment names — on this computer only, so it works offline (R15). Every result
 * passes the visibility rule (PRODUCT.md "Who sees what"), applied in the store's query.
 */
export class SearchService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Messages matching every term of `text` (shared/search-text.ts), newest first. A text
   * without a single word finds nothing.
   * @throws AppError `invalid-input` (field `until`) when the dates are the wrong way round.
   */
  search(viewer: Viewer, input: SearchInput): Page<SearchHit> {
    const terms = parseSearchText(input.text);
    const match = toFtsQuery(terms);
    if (match === null) return { items: [], nextCursor: null };
    if (input.since !== undefined && input.until !== undefined && Date.parse(input.since) > Date.parse(input.until)) {
      throw new AppError('invalid-input', 'The end of the period lies before its start.', { field: 'until' });
    }
    const page = this.#store.search.search({
      match,
      scope: candidateScope(viewer),
      viewerUserId: viewer.userId,
      mailboxId: input.mailboxId,
      jobId: input.jobId,
      candidateId: input.candidateId,
      hasAttachments: input.hasAttachments,
      fromSeq: input.since === undefined ? undefined : seqBase(input.since),
      toSeq: input.until === undefined ? undefined : lastSeqAt(input.until),
      cursor: input.cursor,
      limit: input.limit,
    });
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((row) => ({
        messageId: row.id,
        threadId: row.threadId,
        mailboxId: row.mailboxId,
        subject: row.subject,
        from: firstAddress(row.fromJson),
        date: row.date,
        excerpt: excerptAround(row.bodyText === '' ? row.snippet : row.bodyText, terms),
        hasAttachments: row.hasAttachments,
        attachmentNames: row.attachmentNames,
        candidates: row.candidates,
      })),
    };
  }
}
