import './rich-text-editor.css';
import { useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Link from '@tiptap/extension-link';
import { LinkTargetMark, linkTarget, markLinkTarget, unmarkLinkTarget } from './rich-text-link.js';

/*
 * The composer's text in rich text (writing to candidates): TipTap with bold, italic,
 * bulleted and numbered lists and links — nothing else, so what is written is what the
 * engine lets leave (docs/decisions.md "Rich text"). Keys: Ctrl/⌘+B, Ctrl/⌘+I,
 * Ctrl/⌘+Shift+8 and +7 for the lists, Ctrl/⌘+K for a link; Ctrl/⌘+Enter is left to the
 * composer (send), Shift+Enter breaks the line.
 */

export interface RichTextHandle {
  focus: () => void;
  scrollIntoView: () => void;
}

interface RichTextEditorProps {
  /** The editor's HTML as the draft keeps it; a change from outside (a template) replaces the content. */
  html: string;
  onChange: (html: string) => void;
  label: string;
  placeholder: string;
  invalid: boolean;
  describedBy?: string | undefined;
  className: string;
  handle: Ref<RichTextHandle>;
}

/** The composer's text field in rich text, with its toolbar and the row that edits a link. */
export function RichTextEditor({ html, onChange, label, placeholder, invalid, describedBy, className, handle }: RichTextEditorProps) {
  const { t } = useTranslation();
  const emitted = useRef(html);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [linking, setLinking] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const linkId = useId();

  const editor = useEditor({
    // The app's policy allows no inline style element: the editor's few rules are in rich-text-editor.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({ heading: false, code: false, codeBlock: false, blockquote: false, horizontalRule: false, strike: false, underline: false, link: false }),
      Link.configure({ openOnClick: false, autolink: true, linkOnPaste: true, defaultProtocol: 'https', protocols: ['mailto'], HTMLAttributes: { rel: 'noopener noreferrer', target: null } }),
      LinkTargetMark,
    ],
    content: html,
    editorProps: {
      // @tiptap/react hands the latest options to the editor on each render, so these follow the props.
      attributes: {
        'aria-label': label,
        role: 'textbox',
        'aria-multiline': 'true',
        class: 'composer-editor-content',
        ...(invalid ? { 'aria-invalid': 'true' } : {}),
        ...(describedBy === undefined ? {} : { 'aria-describedby': describedBy }),
      },
      handleKeyDown: (_view, event) => {
        const mod = event.ctrlKey || event.metaKey;
        // Ctrl/⌘+Enter sends (the composer's form hears it): no line break first.
        if (mod && event.key === 'Enter') return true;
        if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          openLink();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: current }) => {
      const next = current.isEmpty ? '' : current.getHTML();
      emitted.current = next;
      onChangeRef.current(next);
    },
  });

  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive('bold') ?? false,
      italic: current?.isActive('italic') ?? false,
      bulletList: current?.isActive('bulletList') ?? false,
      orderedList: current?.isActive('orderedList') ?? false,
      link: current?.isActive('link') ?? false,
      empty: current?.isEmpty ?? true,
    }),
  });

  // A change from outside (a template inserted, a draft brought back) replaces what is shown.
  useEffect(() => {
    if (!editor || html === emitted.current) return;
    emitted.current = html;
    editor.commands.setContent(html, { emitUpdate: false });
  }, [editor, html]);

  useImperativeHandle(handle, () => ({
    focus: () => editor?.commands.focus('end'),
    scrollIntoView: () => editor?.view.dom.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
  }));

  useEffect(() => {
    if (linking !== null) linkInput.current?.focus();
  }, [linking !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  function openLink() {
    if (!editor) return;
    if (editor.isActive('link')) editor.commands.extendMarkRange('link');
    markLinkTarget(editor);
    setLinking((editor.getAttributes('link').href as string | undefined) ?? '');
  }

  function unmark() {
    if (editor) unmarkLinkTarget(editor);
  }

  function closeLink() {
    unmark();
    setLinking(null);
    editor?.commands.focus();
  }

  function applyLink() {
    if (!editor || linking === null) return;
    const href = linkTarget(linking);
    if (href === null) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
    } else if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected: the address itself becomes the linked text.
      const shown = href.replace(/^mailto:/iu, '');
      editor.chain().focus().insertContent({ type: 'text', text: shown, marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    unmark();
    setLinking(null);
  }

  const button = (name: 'bold' | 'italic' | 'bulletList' | 'orderedList', keys: string, run: () => void, glyph: string) => (
    <button
      type="button"
      className={state[name] ? 'composer-tool composer-tool-active' : 'composer-tool'}
      aria-pressed={state[name]}
      aria-label={t(`compose.format.${name}`)}
      aria-keyshortcuts={keys.replace('Mod', 'Control')}
      title={`${t(`compose.format.${name}`)} (${keys.replace('Mod', t('keys.mod'))})`}
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      <span aria-hidden="true" className={`composer-tool-glyph composer-tool-${name}`}>
        {glyph}
      </span>
    </button>
  );

  return (
    <div className={className}>
      <div className="composer-toolbar" role="toolbar" aria-label={t('compose.format.toolbar')}>
        {button('bold', 'Mod+B', () => editor?.chain().focus().toggleBold().run(), 'B')}
        {button('italic', 'Mod+I', () => editor?.chain().focus().toggleItalic().run(), 'I')}
        <span className="composer-toolbar-gap" aria-hidden="true" />
        {button('bulletList', 'Mod+Shift+8', () => editor?.chain().focus().toggleBulletList().run(), '•≡')}
        {button('orderedList', 'Mod+Shift+7', () => editor?.chain().focus().toggleOrderedList().run(), '1≡')}
        <span className="composer-toolbar-gap" aria-hidden="true" />
        <button
          type="button"
          className={state.link ? 'composer-tool composer-tool-link composer-tool-active' : 'composer-tool composer-tool-link'}
          aria-pressed={state.link}
          aria-keyshortcuts="Control+K"
          aria-expanded={linking !== null}
          title={`${t('compose.format.link')} (${t('keys.mod')}+K)`}
          onMouseDown={(event) => event.preventDefault()}
          onClick={openLink}
        >
          {t('compose.format.link')}
        </button>
      </div>
      {linking !== null ? (
        <div
          className="composer-link-row"
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              event.stopPropagation();
              applyLink();
            } else if (event.key === 'Escape') {
              // Esc leaves the link, not the composer.
              event.preventDefault();
              event.stopPropagation();
              closeLink();
            }
          }}
        >
          <label htmlFor={linkId}>{t('compose.format.linkAddress')}</label>
          <input id={linkId} ref={linkInput} type="text" inputMode="url" spellCheck={false} autoComplete="off" value={linking} placeholder={t('compose.format.linkPlaceholder')} onChange={(event) => setLinking(event.currentTarget.value)} />
          <button type="button" className="button button-secondary button-small" onClick={applyLink}>
            {t('compose.format.applyLink')}
          </button>
          {state.link ? (
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => {
                editor?.chain().focus().extendMarkRange('link').unsetLink().run();
                unmark();
                setLinking(null);
              }}
            >
              {t('compose.format.removeLink')}
            </button>
          ) : null}
          <button type="button" className="button button-quiet button-small" onClick={closeLink}>
            {t('compose.format.cancelLink')}
          </button>
        </div>
      ) : null}
      <div className="composer-editor-frame">
        {state.empty ? (
          <span className="composer-editor-placeholder" aria-hidden="true">
            {placeholder}
          </span>
        ) : null}
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
