import { z } from 'zod';

/** Every list channel pages by key, never by offset. */
export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. `null` on the last page. */
  nextCursor: string | null;
}

export const pageFields = {
  cursor: z.string().min(1).max(512).optional(),
  limit: z.number().int().min(1).max(500).default(50),
};

/** How many messages of a thread `threads:get` answers unless asked for another `limit` (issue 23). */
export const threadPageSize = 100;

export const pageInput = z.strictObject(pageFields);
export type PageInput = z.input<typeof pageInput>;
