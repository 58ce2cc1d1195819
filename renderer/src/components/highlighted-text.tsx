import type { SearchTerm } from '../../../shared/search-text.js';
import { highlightParts } from '../../../shared/search-text.js';

/** `text` with the words the search matched in `<mark>`. */
export function HighlightedText({ text, terms }: { text: string; terms: readonly SearchTerm[] }) {
  return (
    <>
      {highlightParts(text, terms).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : part.text))}
    </>
  );
}
