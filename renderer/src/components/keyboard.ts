/**
 * Whether a key press belongs to what the user is typing (a field, a select, editable
 * text) or to an open dialog, so single-letter shortcuts must leave it alone.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return target.closest('dialog[open]') !== null;
}

/** True when a modal dialog is open anywhere on the page. */
export function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
