import { describe, expect, it } from 'vitest';
import { isOutsideDomains } from './work-address.js';

describe('isOutsideDomains', () => {
  it('flags an address outside every company domain, not one inside or in a subdomain', () => {
    expect(isOutsideDomains('olivia@gmail.com', ['acme.com', 'acme.de'])).toBe(true);
    expect(isOutsideDomains(' Olivia@ACME.de ', ['acme.com', 'acme.de'])).toBe(false);
    expect(isOutsideDomains('olivia@jobs.acme.com', ['acme.com'])).toBe(false);
    expect(isOutsideDomains('olivia@notacme.com', ['acme.com'])).toBe(true);
  });

  it('says nothing while the address or the domains are missing', () => {
    expect(isOutsideDomains('olivia', ['acme.com'])).toBe(false);
    expect(isOutsideDomains('olivia@gmail.com', [])).toBe(false);
  });
});
