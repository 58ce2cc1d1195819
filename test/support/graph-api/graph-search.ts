// The part of KQL that Graph's `$search` on messages understands and the provider uses
// (https://learn.microsoft.com/graph/search-query-parameter#using-search-on-message-collections):
// `participants:`, `from:`, `to:`, `cc:`, `bcc:` (substring of address or name, as Exchange
// matches), `received>=YYYY-MM-DD` (whole days), `AND`, `OR` and parentheses, the whole
// value in double quotes. Anything else is a syntax error, so a provider cannot lean on
// syntax the stand-in only pretends to know.

export type SearchNode =
  | { kind: 'term'; property: 'participants' | 'from' | 'to' | 'cc' | 'bcc'; value: string }
  | { kind: 'received'; since: number }
  | { kind: 'and' | 'or'; nodes: SearchNode[] };

export function parseSearch(search: string): SearchNode | Error {
  const trimmed = search.trim();
  if (!/^".*"$/su.test(trimmed)) return new Error('the $search value must be in double quotes');
  const tokens = trimmed.slice(1, -1).match(/\(|\)|[^\s()]+/gu) ?? [];
  let position = 0;
  const parseOr = (): SearchNode => {
    const nodes = [parseAnd()];
    while (tokens[position] === 'OR') {
      position += 1;
      nodes.push(parseAnd());
    }
    return nodes.length === 1 ? (nodes[0] as SearchNode) : { kind: 'or', nodes };
  };
  const parseAnd = (): SearchNode => {
    const nodes = [parseAtom()];
    while (tokens[position] === 'AND') {
      position += 1;
      nodes.push(parseAtom());
    }
    return nodes.length === 1 ? (nodes[0] as SearchNode) : { kind: 'and', nodes };
  };
  const parseAtom = (): SearchNode => {
    const token = tokens[position++];
    if (token === '(') {
      const inner = parseOr();
      if (tokens[position++] !== ')') throw new Error('missing )');
      return inner;
    }
    const received = /^received>=(\d{4}-\d{2}-\d{2})$/u.exec(token ?? '');
    if (received !== null) return { kind: 'received', since: Date.parse(`${received[1]}T00:00:00Z`) };
    const term = /^(participants|from|to|cc|bcc):(.+)$/u.exec(token ?? '');
    if (term === null) throw new Error(`unknown term ${token ?? '(end)'}`);
    return { kind: 'term', property: term[1] as 'participants', value: (term[2] ?? '').toLowerCase() };
  };
  try {
    const node = parseOr();
    if (position !== tokens.length) return new Error(`unexpected ${tokens[position] ?? ''}`);
    return node;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function matchesSearch(node: SearchNode, message: { fields: readonly { name: string; value: string }[]; receivedAt: number }): boolean {
  switch (node.kind) {
    case 'and':
      return node.nodes.every((inner) => matchesSearch(inner, message));
    case 'or':
      return node.nodes.some((inner) => matchesSearch(inner, message));
    case 'received':
      return message.receivedAt >= node.since;
    case 'term': {
      const names = node.property === 'participants' ? ['from', 'to', 'cc', 'bcc'] : [node.property];
      return message.fields.some((field) => names.includes(field.name.toLowerCase()) && field.value.toLowerCase().includes(node.value));
    }
  }
}
