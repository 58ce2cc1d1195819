import { Extension } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/* The rich-text editor's links: what a typed target means, and the text a link will go on. */

/** What the user typed as a link target, as an address a mail client opens: `https://` or `mailto:` added when missing. */
export function linkTarget(typed: string): string | null {
  const value = typed.trim();
  if (value === '') return null;
  if (/^(?:https?:\/\/|mailto:)/iu.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/u.test(value)) return `mailto:${value}`;
  if (/^[^\s]+\.[^\s]+$/u.test(value)) return `https://${value}`;
  return null;
}

/** While the link row has the focus, the text the link will go on stays marked (the browser hides the selection). */
const linkTargetKey = new PluginKey<DecorationSet>('hireboxLinkTarget');
export const LinkTargetMark = Extension.create({
  name: 'hireboxLinkTarget',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: linkTargetKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => {
            const meta = tr.getMeta(linkTargetKey) as 'show' | 'clear' | undefined;
            if (meta === 'clear') return DecorationSet.empty;
            if (meta === 'show') {
              const { from, to } = tr.selection;
              return from === to ? DecorationSet.empty : DecorationSet.create(tr.doc, [Decoration.inline(from, to, { class: 'composer-link-target' })]);
            }
            return set.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => linkTargetKey.getState(state) ?? DecorationSet.empty },
      }),
    ];
  },
});

/** Marks the selected text as the one the link will go on (the link row is about to take the focus). */
export function markLinkTarget(editor: Editor): void {
  editor.view.dispatch(editor.state.tr.setMeta(linkTargetKey, 'show'));
}

/** Takes the mark away again (the link was set, removed or left). */
export function unmarkLinkTarget(editor: Editor): void {
  if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(linkTargetKey, 'clear'));
}
