import { useEffect, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { SearchDialog } from './SearchDialog.tsx';

/** Ctrl+Shift+F (⌘⇧F on a Mac) opens message search from anywhere in the chats screen. */
export function isSearchShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
) {
  return (
    (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f'
  );
}

/** The conversation list's way into message search: a button, and its keyboard shortcut. */
export function SearchButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label={t('search.open')}
        aria-keyshortcuts="Control+Shift+F Meta+Shift+F"
        title={`${t('search.open')} (Ctrl+Shift+F)`}
        onClick={() => {
          setOpen(true);
        }}
      >
        ⌕
      </button>
      {open && (
        <SearchDialog
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}
