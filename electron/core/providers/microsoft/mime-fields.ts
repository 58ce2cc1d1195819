import addressparser from 'nodemailer/lib/addressparser';

/** The raw message's header fields, unfolded (RFC 5322 §2.2.3), by lower-case name. */
export function headerBlock(raw: Buffer): Map<string, string[]> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/u);
  const fields = new Map<string, string[]>();
  for (const line of (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/gu, ' ').split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

/** Every address the header values name, groups opened. */
export function addressesIn(values: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (entries: ReturnType<typeof addressparser>) => {
    for (const entry of entries) {
      if ('group' in entry && Array.isArray(entry.group)) visit(entry.group);
      else if (entry.address && entry.address.includes('@')) out.push(entry.address);
    }
  };
  for (const value of values) visit(addressparser(value));
  return out;
}
