/**
 * Whether a work address lies outside the company's own domains (or their subdomains, as
 * R5 counts them). Only a hint for the form: `false` while either is not filled in yet,
 * and the engine still checks the address itself. Compared in lower case; an
 * international domain typed in Unicode on one side and ASCII on the other is not caught.
 */
export function isOutsideDomains(address: string, domains: readonly string[]): boolean {
  const at = address.trim().lastIndexOf('@');
  const domain = at < 0 ? '' : address.trim().slice(at + 1).toLowerCase().replace(/\.$/, '');
  const own = domains.map((entry) => entry.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
  if (domain === '' || own.length === 0) return false;
  return !own.some((entry) => domain === entry || domain.endsWith(`.${entry}`));
}
