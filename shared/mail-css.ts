/*
 * CSS in received mail (issue 23 item 3): a mail's `<style>` and `style=""` keep its layout,
 * but nothing in them may load or run. Used by the engine's sanitiser
 * (electron/core/mime/received-html.ts) and again by the renderer's second pass
 * (renderer/src/mail/mail-html.ts), so both read CSS the same way. shared/ imports no package.
 *
 * CSS escapes (`u\72l(`, `\75rl(`, `\000075rl(`) and comments (`ur/ * * /l(`) are decoded
 * or dropped first, so what is checked is what a browser would read; the result is written
 * back without any escape, so nothing can hide in it afterwards.
 */

/** Functions that load something or run script (vendor prefixes included). */
const loadingFunctions = new Set(['url', 'src', 'image', 'image-set', 'cross-fade', 'element', 'expression', 'paint']);

/** Properties that run script or bind behaviour in some engine. */
const runningProperty = /(?:^|[\s;{])((?:-[a-z]+-)?(?:behavior|binding))\s*:/giu;

/** Decodes CSS escapes (CSS Syntax 3 §4.3.7) and drops comments. */
export function decodeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/gu, ' ')
    .replace(/\\(?:([0-9a-f]{1,6})[ \t\n\f]?|(\r\n|[\n\r\f])|([\s\S]))/giu, (_match, hex: string | undefined, newline: string | undefined, other: string | undefined) => {
      if (hex !== undefined) {
        const code = Number.parseInt(hex, 16);
        return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
      }
      if (newline !== undefined) return '';
      return other ?? '';
    })
    // A lone backslash left at the very end.
    .replace(/\\/gu, '');
}

/** Replaces every call of a loading function, with its balanced arguments, by `none`. */
function neutraliseFunctions(css: string): { css: string; removed: number } {
  let out = '';
  let removed = 0;
  let index = 0;
  const call = /([a-z0-9_-]+)\s*\(/giu;
  for (;;) {
    call.lastIndex = index;
    const match = call.exec(css);
    if (match === null) break;
    const name = match[1]!.toLowerCase().replace(/^-[a-z]+-/u, '');
    const start = match.index;
    if (!loadingFunctions.has(name)) {
      out += css.slice(index, call.lastIndex);
      index = call.lastIndex;
      continue;
    }
    // Skip to the matching parenthesis, minding quotes; an unclosed call runs to the end.
    let depth = 1;
    let quote: string | null = null;
    let at = call.lastIndex;
    for (; at < css.length && depth > 0; at++) {
      const character = css[at]!;
      if (quote !== null) {
        if (character === quote) quote = null;
      } else if (character === '"' || character === "'") quote = character;
      else if (character === '(') depth += 1;
      else if (character === ')') depth -= 1;
    }
    out += `${css.slice(index, start)}none`;
    removed += 1;
    index = at;
  }
  return { css: out + css.slice(index), removed };
}

export interface CleanCss {
  css: string;
  /** How many loads were taken out (url(), image-set(), @import …), for the "images hidden" count. */
  removed: number;
}

/**
 * A mail's CSS with everything that loads or runs taken out: `url()`, `src()`, `image()`,
 * `image-set()`, `cross-fade()`, `element()`, `expression()`, `paint()` become `none`;
 * `@import`, `@font-face` and `@namespace` go; `behavior` and `-moz-binding` are renamed so no
 * engine reads them; `<` goes (a `<style>` cannot be closed from inside).
 */
export function cleanMailCss(css: string): CleanCss {
  let removed = 0;
  let decoded = decodeCss(css).replace(/</gu, '');
  decoded = decoded.replace(/@(?:-[a-z]+-)?(?:import|namespace)\b[^;{}]*(?:;|$)/giu, () => {
    removed += 1;
    return '';
  });
  decoded = decoded.replace(/@(?:-[a-z]+-)?font-face\s*\{[^}]*\}?/giu, () => {
    removed += 1;
    return '';
  });
  const functions = neutraliseFunctions(decoded);
  removed += functions.removed;
  const cleaned = functions.css.replace(runningProperty, (whole: string, property: string) => whole.replace(property, 'x-hb-removed'));
  // Belt and braces: should anything that loads still be readable, no CSS at all.
  if (/(?<![a-z0-9_-])(?:url|image-set|expression|src|image|element|cross-fade|paint)\s*\(|@import|@font-face/iu.test(cleaned)) return { css: '', removed: removed + 1 };
  return { css: cleaned, removed };
}
