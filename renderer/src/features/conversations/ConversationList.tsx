import { useState, type KeyboardEvent } from 'react';
import { useAuth } from '../auth/authStore.ts';
import { useT } from '../../i18n/useT.ts';
import { ConversationItem } from './ConversationItem.tsx';
import { conversationTitle } from './conversationTitle.ts';
import { useConversations } from './conversationsStore.ts';
import { NewConversationDialog } from './NewConversationDialog.tsx';
import { SearchButton } from '../search/SearchButton.tsx';

/** Arrow keys move between conversations, as in every desktop messenger. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.conversation-item')];
  const index = buttons.findIndex((b) => b === document.activeElement);
  const next = buttons[index + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next !== undefined) {
    event.preventDefault();
    next.focus();
  }
}

export function ConversationList() {
  const t = useT();
  const selfId = useAuth((s) => s.session?.user.id ?? '');
  const { list, details, selectedId, select, loaded } = useConversations();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);

  const titled = list.map((c) => ({
    c,
    title: conversationTitle(c, details[c.id], selfId, t('list.global')),
  }));
  const q = query.trim().toLocaleLowerCase();
  const shown = q === '' ? titled : titled.filter(({ title }) => title.toLocaleLowerCase().includes(q));

  return (
    <aside className="conversation-pane" aria-labelledby="conversations-title">
      <header className="pane-header">
        <h2 id="conversations-title">{t('list.title')}</h2>
        <SearchButton />
        <button
          type="button"
          className="icon-button"
          aria-label={t('list.new')}
          title={t('list.new')}
          onClick={() => {
            setCreating(true);
          }}
        >
          +
        </button>
      </header>
      <div className="search-box">
        <label htmlFor="conversation-search" className="visually-hidden">
          {t('list.search')}
        </label>
        <input
          id="conversation-search"
          type="search"
          placeholder={t('list.search')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
          }}
        />
      </div>
      {loaded && shown.length === 0 && (
        <p className="empty-hint">{q === '' ? t('list.empty') : t('list.noMatch', { query })}</p>
      )}
      <ul className="conversation-list" onKeyDown={moveFocus}>
        {shown.map(({ c, title }) => (
          <ConversationItem
            key={c.id}
            conversation={c}
            title={title}
            selfId={selfId}
            selected={c.id === selectedId}
            onSelect={() => {
              select(c.id);
            }}
          />
        ))}
      </ul>
      {creating && (
        <NewConversationDialog
          onClose={() => {
            setCreating(false);
          }}
        />
      )}
    </aside>
  );
}
