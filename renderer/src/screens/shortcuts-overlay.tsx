import './shortcuts-overlay.css';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/dialog.js';
import { closeShortcuts, useShortcutsStore } from '../stores/shortcuts-store.js';

/** The keyboard shortcuts, on every screen: `?` in the inbox, or "Show keyboard shortcuts" in the command palette. */
export function ShortcutsOverlay() {
  const { t } = useTranslation();
  const open = useShortcutsStore((state) => state.open);
  if (!open) return null;
  const shortcuts: [string, string][] = [
    [`${t('keys.mod')} K`, t('palette.shortcut')],
    ['/', t('palette.searchShortcut')],
    ['J', t('mail.shortcuts.next')],
    ['K', t('mail.shortcuts.previous')],
    ['Enter', t('mail.shortcuts.open')],
    ['Esc', t('mail.shortcuts.back')],
    ['U', t('mail.shortcuts.unread')],
    ['R', t('compose.shortcutReply')],
    ['A', t('writing.shortcutReplyAll')],
    ['F', t('forwarding.shortcut')],
    ['C', t('compose.shortcutCompose')],
    [`${t('keys.mod')} Enter`, t('compose.shortcutSend')],
    ['Alt T', t('templates.shortcut')],
    ['?', t('mail.shortcuts.help')],
  ];
  return (
    <Dialog title={t('mail.shortcutsTitle')} onClose={closeShortcuts} size="small">
      <dl className="shortcut-list">
        {shortcuts.map(([key, label]) => (
          <div key={key} className="shortcut">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{label}</dd>
          </div>
        ))}
      </dl>
      <p className="field-hint">{t('mail.shortcutsNote')}</p>
    </Dialog>
  );
}
