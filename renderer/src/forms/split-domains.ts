/**
 * The domains field accepts several domains in one line: "acme.com, acme.de" →
 * ["acme.com", "acme.de"]. Semicolons and spaces separate too; empty parts are dropped.
 * Whether each part is a domain is the engine's call (it answers with `domains.N`).
 */
export function splitDomains(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
