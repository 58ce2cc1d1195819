import { describe, expect, it } from 'vitest';
import { removeAddressRow, rowOfField, toAddressesInput } from './address-rows.js';

const rows = [
  { key: 'a', value: ' anna@example.com ' },
  { key: 'b', value: '' },
  { key: 'c', value: 'Olivia+jobs@ACME.com' },
];

describe('address rows', () => {
  it('sends the filled rows, trimmed, and the primary one', () => {
    expect(toAddressesInput(rows, 'c')).toEqual({
      addresses: ['anna@example.com', 'Olivia+jobs@ACME.com'],
      primaryAddress: 'Olivia+jobs@ACME.com',
      sentRows: ['a', 'c'],
    });
  });

  it('leaves the primary to the engine when its row is empty', () => {
    expect(toAddressesInput(rows, 'b')).not.toHaveProperty('primaryAddress');
  });

  it('puts an error at the row that was sent at that index, skipping empty rows', () => {
    const input = toAddressesInput(rows, 'a');
    expect(rowOfField('addresses.1', input, rows)).toBe('c');
    expect(rowOfField('addresses.0', input, rows)).toBe('a');
    expect(rowOfField('addresses', input, rows)).toBe('a');
    expect(rowOfField('name', input, rows)).toBeUndefined();
    expect(rowOfField(undefined, input, rows)).toBeUndefined();
  });

  it('moves the primary mark when its row is removed, and keeps the last row', () => {
    expect(removeAddressRow(rows, 'a', 'a')).toEqual({ rows: [rows[1], rows[2]], primaryKey: 'b' });
    expect(removeAddressRow(rows, 'c', 'a').primaryKey).toBe('c');
    expect(removeAddressRow([rows[0]!], 'a', 'a').rows).toHaveLength(1);
  });
});
