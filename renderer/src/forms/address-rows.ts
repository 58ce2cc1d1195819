/**
 * The address rows of the candidate form. Empty rows are dropped before sending, so the
 * engine's `addresses.N` names the N-th address *sent*; `rowOfField` maps it back to the
 * row on screen.
 */

export interface AddressRow {
  /** Stable across edits, for React keys and error placement. */
  key: string;
  value: string;
}

export interface AddressesInput {
  addresses: string[];
  /** Omitted when the primary row is empty (the engine then takes the first address). */
  primaryAddress?: string;
  /** `sentRows[N]` is the key of the row sent as `addresses.N`. */
  sentRows: string[];
}

export function toAddressesInput(rows: readonly AddressRow[], primaryKey: string): AddressesInput {
  const sent = rows.map((row) => ({ key: row.key, value: row.value.trim() })).filter((row) => row.value !== '');
  const primary = sent.find((row) => row.key === primaryKey);
  return {
    addresses: sent.map((row) => row.value),
    ...(primary ? { primaryAddress: primary.value } : {}),
    sentRows: sent.map((row) => row.key),
  };
}

/**
 * The row an error belongs to: `addresses.1` → the row sent second; `addresses` (none
 * at all) and `primaryAddress` → the first row. Other fields are not about a row.
 */
export function rowOfField(field: string | undefined, input: AddressesInput, rows: readonly AddressRow[]): string | undefined {
  if (field === undefined) return undefined;
  const indexed = /^addresses\.(\d+)$/.exec(field);
  if (indexed) return input.sentRows[Number(indexed[1])] ?? rows[0]?.key;
  if (field === 'addresses') return rows[0]?.key;
  return undefined;
}

let counter = 0;

/** A new empty row. */
export function newAddressRow(value = ''): AddressRow {
  counter += 1;
  return { key: `address-${counter}`, value };
}

/** Removes a row; the primary mark moves to the first remaining row when its row goes. */
export function removeAddressRow(
  rows: readonly AddressRow[],
  primaryKey: string,
  key: string,
): { rows: AddressRow[]; primaryKey: string } {
  if (rows.length <= 1) return { rows: [...rows], primaryKey };
  const remaining = rows.filter((row) => row.key !== key);
  return { rows: remaining, primaryKey: primaryKey === key ? (remaining[0]?.key ?? primaryKey) : primaryKey };
}
