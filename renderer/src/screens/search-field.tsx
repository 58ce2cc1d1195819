import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchIcon } from '../components/icons.js';
import { dialogOpen, isTypingTarget } from '../components/keyboard.js';
import { navigateTo, useNavigationStore } from '../stores/navigation-store.js';
import { typeSearchText, useSearchFieldStore } from '../stores/search-store.js';
import './search.css';

/**
 * The search field at the top of the rail, on every screen. Typing opens the search page
 * with results as you type; `/` anywhere (outside a field or a dialog) puts the cursor here.
 */
export function SearchField() {
  const { t } = useTranslation();
  const text = useSearchFieldStore((state) => state.text);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target) || dialogOpen()) return;
      event.preventDefault();
      field.current?.focus();
      field.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <form
      className="rail-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        if (useNavigationStore.getState().route.page !== 'search') navigateTo({ page: 'search' });
      }}
    >
      <SearchIcon size={16} />
      <input
        ref={field}
        type="search"
        className="rail-search-input"
        value={text}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        aria-keyshortcuts="/"
        onChange={(event) => {
          typeSearchText(event.currentTarget.value);
          if (useNavigationStore.getState().route.page !== 'search') navigateTo({ page: 'search' });
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && text !== '') {
            event.preventDefault();
            typeSearchText('');
          }
        }}
      />
      <kbd className="rail-search-key" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}
