import { assertNever } from '../../../shared/assert-never.js';

// The part of Gmail's search syntax (https://support.google.com/mail/answer/7190) the
// stand-in understands: `after:` / `before:` with epoch seconds, `from:`, `to:`, `cc:`,
// `bcc:` (substring of the header, case-insensitive, as Gmail over-delivers too),
// `rfc822msgid:` (exact, brackets optional), `in:` / `label:`, and `{a b}` for OR. Terms
// side by side are AND. Anything else is refused, so a provider cannot rely on syntax
// the stand-in only pretends to know.

export type Term =
  | { kind: 'after' | 'before'; seconds: number }
  | { kind: 'header'; field: 'from' | 'to' | 'cc' | 'bcc'; value: string }
  | { kind: 'rfc822msgid'; id: string }
  | { kind: 'label'; label: string }
  | { kind: 'or'; terms: Term[] };

export interface QueryTarget {
  raw: Buffer;
  internalDate: number;
  labelIds: readonly string[];
}

export function parseQuery(q: string): Term[] | Error {
  const tokens = q.match(/\{|\}|[^\s{}]+/gu) ?? [];
  const terms: Term[] = [];
  let group: Term[] | null = null;
  for (const token of tokens) {
    if (token === '{') {
      if (group !== null) return new Error('nested braces');
      group = [];
      continue;
    }
    if (token === '}') {
      if (group === null) return new Error('unbalanced braces');
      terms.push({ kind: 'or', terms: group });
      group = null;
      continue;
    }
    const term = parseTerm(token);
    if (term instanceof Error) return term;
    (group ?? terms).push(term);
  }
  if (group !== null) return new Error('unbalanced braces');
  return terms;
}

function parseTerm(token: string): Term | Error {
  const colon = token.indexOf(':');
  if (colon <= 0) return new Error(`free text search is not supported by the stand-in: ${token}`);
  const operator = token.slice(0, colon).toLowerCase();
  const value = token.slice(colon + 1).replace(/^"(.*)"$/u, '$1');
  if (operator === 'after' || operator === 'before') {
    if (!/^\d+$/u.test(value)) return new Error(`${operator}: takes epoch seconds in the stand-in`);
    return { kind: operator, seconds: Number(value) };
  }
  if (operator === 'from' || operator === 'to' || operator === 'cc' || operator === 'bcc') return { kind: 'header', field: operator, value: value.toLowerCase() };
  if (operator === 'rfc822msgid') return { kind: 'rfc822msgid', id: value.replace(/^<|>$/gu, '') };
  if (operator === 'in' || operator === 'label') return { kind: 'label', label: value.toUpperCase() };
  return new Error(`unknown operator ${operator}`);
}

export function matchesQuery(terms: readonly Term[], target: QueryTarget): boolean {
  const head = headerBlock(target.raw);
  return terms.every((term) => matches(term, target, head));
}

function matches(term: Term, target: QueryTarget, head: Map<string, string[]>): boolean {
  switch (term.kind) {
    case 'after':
      return target.internalDate >= term.seconds * 1000;
    case 'before':
      return target.internalDate < term.seconds * 1000;
    case 'header':
      return (head.get(term.field) ?? []).some((value) => value.toLowerCase().includes(term.value));
    case 'rfc822msgid':
      return (head.get('message-id') ?? []).some((value) => value.trim().replace(/^<|>$/gu, '') === term.id);
    case 'label':
      return target.labelIds.includes(term.label);
    case 'or':
      return term.terms.some((inner) => matches(inner, target, head));
    default:
      return assertNever(term);
  }
}

function headerBlock(raw: Buffer): Map<string, string[]> {
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
