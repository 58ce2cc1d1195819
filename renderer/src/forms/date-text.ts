/**
 * Dates typed as text in the order and with the separator of a locale (`07.12.2026` in
 * German, `12/07/2026` in American English), to and from the ISO day (`2026-12-07`) the
 * engine takes. Chromium draws `<input type="date">` in the browser's locale and ignores
 * `lang` (docs/decisions.md "Dates follow the UI language"), hence a text field.
 */

export type DatePart = 'day' | 'month' | 'year';

export interface DatePattern {
  /** The parts in the order the locale writes them. */
  order: DatePart[];
  /** What stands between them (`.`, `/`). */
  separator: string;
}

/** How `locale` writes a date with two-digit day and month and a four-digit year. */
export function datePattern(locale: string): DatePattern {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(2026, 11, 7));
  const order = parts.map((part) => part.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
  const separator = parts.find((part) => part.type === 'literal')?.value ?? '/';
  return order.length === 3 ? { order, separator } : { order: ['year', 'month', 'day'], separator: '-' };
}

/** The ISO day as `locale` writes it; `''` for none (or one that is no day). */
export function formatDateText(iso: string | undefined, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return '';
  const values: Record<DatePart, string> = { year: match[1]!, month: match[2]!, day: match[3]! };
  const { order, separator } = datePattern(locale);
  return order.map((part) => values[part]).join(separator);
}

/**
 * The ISO day of what was typed, read in `locale`'s order (any non-digits separate the
 * parts; ISO itself is taken too), or `null` when it is no complete, real day. A year
 * needs all four digits, so that `7.12.20` is not taken for 2020 while it is being typed.
 */
export function parseDateText(text: string, locale: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const numbers = iso ? [iso[1]!, iso[2]!, iso[3]!] : trimmed.split(/\D+/).filter(Boolean);
  if (numbers.length !== 3) return null;
  const order: DatePart[] = iso ? ['year', 'month', 'day'] : datePattern(locale).order;
  const values = Object.fromEntries(order.map((part, index) => [part, numbers[index]!])) as Record<DatePart, string>;
  if (!/^\d{4}$/.test(values.year) || !/^\d{1,2}$/.test(values.month) || !/^\d{1,2}$/.test(values.day)) return null;
  const year = Number(values.year);
  const month = Number(values.month);
  const day = Number(values.day);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${values.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
