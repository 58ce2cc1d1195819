import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/dialog.js';
import { dialogOpen } from '../components/keyboard.js';
import { moveActive } from '../palette/rank-commands.js';
import { usePaletteCommands, type PaletteCommand } from '../palette/use-palette-commands.js';
import { closePalette, openPalette, typePaletteQuery, usePaletteStore } from '../stores/palette-store.js';
import './command-palette.css';

/** Ctrl+K (⌘K on a Mac) anywhere, even in a field: the palette opens, or closes when open. */
function isPaletteKey(event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/**
 * The command palette: every page, settings section and action, and candidates and jobs by
 * name, keyboard only — type to filter, ↑/↓ to move, Enter to run, Esc to close. A
 * combobox (the field) over a listbox (the rows), the active row named by
 * `aria-activedescendant`, so focus stays in the field while the arrows move.
 */
export function CommandPalette() {
  const open = usePaletteStore((state) => state.open);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isPaletteKey(event) || event.defaultPrevented) return;
      const { open: isOpen } = usePaletteStore.getState();
      // Another dialog (a form, a confirmation) keeps the keyboard; the palette does not stack on it.
      if (!isOpen && dialogOpen()) return;
      event.preventDefault();
      if (isOpen) closePalette();
      else openPalette();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return open ? <PaletteDialog /> : null;
}

function PaletteDialog() {
  const { t } = useTranslation();
  const { mode, query } = usePaletteStore();
  const commands = usePaletteCommands();
  const [active, setActive] = useState(0);
  const listId = useId();
  const hintId = useId();
  const list = useRef<HTMLUListElement>(null);
  const activeIndex = commands.length === 0 ? -1 : Math.min(active, commands.length - 1);
  const activeCommand = activeIndex < 0 ? undefined : commands[activeIndex];

  // What is typed (or the mode) changed: the best match is the active row again.
  useEffect(() => setActive(0), [query, mode]);
  useEffect(() => {
    if (activeCommand === undefined) return;
    list.current?.querySelector(`[data-command-id="${CSS.escape(activeCommand.id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeCommand]);

  const run = (command: PaletteCommand) => {
    if (command.after === 'stay') {
      command.run();
      return;
    }
    closePalette();
    // After the dialog is gone and focus went back where it was, so the action may move it.
    setTimeout(command.run, 0);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        setActive(moveActive(activeIndex, commands.length, event.key === 'ArrowDown' ? 1 : -1));
        break;
      case 'Home':
      case 'End':
        if (!event.ctrlKey) return;
        event.preventDefault();
        setActive(event.key === 'Home' ? 0 : commands.length - 1);
        break;
      case 'Enter':
        event.preventDefault();
        if (activeCommand !== undefined) run(activeCommand);
        break;
      default:
        break;
    }
  };

  const placeholder = mode === 'write' ? t('palette.writePlaceholder') : t('palette.placeholder');
  const optionId = (command: PaletteCommand) => `${listId}-${command.id}`;
  return (
    <Dialog title={t('palette.title')} onClose={closePalette} className="command-palette" describedBy={hintId}>
      <div className="palette-field">
        <input
          type="text"
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeCommand === undefined ? undefined : optionId(activeCommand)}
          aria-label={t('palette.label')}
          placeholder={placeholder}
          value={query}
          spellCheck={false}
          autoComplete="off"
          data-autofocus
          onChange={(event) => typePaletteQuery(event.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <kbd className="palette-key" aria-hidden="true">
          Esc
        </kbd>
      </div>
      <ul ref={list} id={listId} role="listbox" className="palette-list" aria-label={t('palette.listLabel')}>
        {commands.map((command, index) => (
          <li
            key={command.id}
            id={optionId(command)}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'palette-option palette-option-active' : 'palette-option'}
            data-command-id={command.id}
            // The field keeps focus; a click runs the row.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => index !== activeIndex && setActive(index)}
            onClick={() => run(command)}
          >
            <span className="palette-option-text">
              <span className="palette-option-label">{command.label}</span>
              {command.detail ? <span className="palette-option-detail">{command.detail}</span> : null}
            </span>
            <span className="palette-option-kind">{t(`palette.kind.${command.kind}`)}</span>
          </li>
        ))}
      </ul>
      {commands.length === 0 ? (
        <p className="palette-empty" role="status">
          {mode === 'write' && query.trim() === '' ? t('app.loading') : t(mode === 'write' ? 'palette.emptyWrite' : 'palette.empty', { query: query.trim() })}
        </p>
      ) : (
        <p className="visually-hidden" role="status">
          {t('palette.resultCount', { count: commands.length })}
        </p>
      )}
      <p className="palette-hint" id={hintId}>
        {t('palette.hint')}
      </p>
    </Dialog>
  );
}
