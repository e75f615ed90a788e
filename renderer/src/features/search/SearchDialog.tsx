import { useState, type KeyboardEvent } from 'react';
import type { MessageSearchHit } from '../../../../contract/search.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { useT } from '../../i18n/useT.ts';
import { formatListTime } from '../../lib/formatTime.ts';
import { useAuth } from '../auth/authStore.ts';
import { conversationTitle } from '../conversations/conversationTitle.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { useMessageJump } from './jumpStore.ts';
import { Snippet } from './Snippet.tsx';
import { useMessageSearch } from './useMessageSearch.ts';

const hitId = (hit: MessageSearchHit) => `search-hit-${hit.message.id}`;
/** "Trip · Bruno"; a direct conversation is named after its one other writer, so once is enough there. */
const whereFrom = (title: string, sender: string) => (title === sender ? title : `${title} · ${sender}`);

/**
 * Searches the messages of every conversation the user is in, originals and the translations they read.
 * Keyboard first: type, ArrowDown/ArrowUp through the results, Enter opens the conversation at that message.
 */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const selfId = useAuth((s) => s.session?.user.id ?? '');
  const { list, details } = useConversations();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const { hits, searching, failed, more } = useMessageSearch(query);
  const current = hits[Math.min(active, hits.length - 1)];

  const open = (hit: MessageSearchHit) => {
    useMessageJump
      .getState()
      .jumpTo({ conversationId: hit.message.conversationId, messageId: hit.message.id });
    useConversations.getState().select(hit.message.conversationId);
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = (Math.min(active, hits.length - 1) + step + hits.length) % hits.length;
      setActive(next);
      const hit = hits[next];
      if (hit !== undefined) document.getElementById(hitId(hit))?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' && current !== undefined) {
      event.preventDefault();
      open(current);
    }
  };

  const titleOf = (conversationId: string) => {
    const conversation = list.find((c) => c.id === conversationId);
    return conversation === undefined
      ? ''
      : conversationTitle(conversation, details[conversationId], selfId, t('list.global'));
  };

  return (
    <ModalDialog labelledBy="search-title" onClose={onClose} className="dialog search-dialog">
      <h2 id="search-title">{t('search.title')}</h2>
      <label htmlFor="message-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="message-search"
        type="search"
        data-autofocus
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="search-results"
        aria-autocomplete="list"
        aria-activedescendant={current === undefined ? undefined : hitId(current)}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="search-status" role="status">
        {searching
          ? t('search.searching')
          : failed
            ? t('search.failed')
            : query.trim() !== '' && hits.length === 0
              ? t('search.noResults', { query: query.trim() })
              : ''}
      </p>
      <ul id="search-results" className="search-results" role="listbox" aria-label={t('search.results')}>
        {hits.map((hit) => (
          <li
            key={hit.message.id}
            id={hitId(hit)}
            role="option"
            aria-selected={hit === current}
            className={`search-hit${hit === current ? ' active' : ''}`}
            data-message-id={hit.message.id}
            onMouseDown={(event) => {
              // The field keeps the focus; the click opens the hit.
              event.preventDefault();
            }}
            onClick={() => {
              open(hit);
            }}
          >
            <span className="search-hit-top">
              <span className="search-hit-where">
                {whereFrom(titleOf(hit.message.conversationId), hit.message.sender.displayName)}
              </span>
              <time dateTime={hit.message.createdAt}>
                {formatListTime(hit.message.createdAt, uiLanguage)}
              </time>
            </span>
            <span
              className="search-hit-snippet"
              lang={hit.matchedLanguage ?? hit.message.originalLanguage ?? undefined}
            >
              <Snippet parts={hit.snippet} conversationId={hit.message.conversationId} />
            </span>
          </li>
        ))}
      </ul>
      {more !== undefined && (
        <button type="button" className="search-more" onClick={more}>
          {t('search.more')}
        </button>
      )}
      <p className="search-hint">{t('search.hint')}</p>
    </ModalDialog>
  );
}
