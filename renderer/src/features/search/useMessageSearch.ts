import { useEffect, useState } from 'react';
import type { MessageSearchHit } from '../../../../contract/search.ts';
import { searchWords } from '../../../../contract/search.ts';
import { api } from '../../app/services.ts';

export interface MessageSearchState {
  hits: MessageSearchHit[];
  /** True while the first page of the current query is on its way. */
  searching: boolean;
  failed: boolean;
  /** Loads the next (older) page; undefined when there is none. */
  more: (() => void) | undefined;
}

/** Debounced message search; answers to a query that is no longer the current one are dropped. */
export function useMessageSearch(query: string): MessageSearchState {
  const [hits, setHits] = useState<MessageSearchHit[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState<{ query: string; before: number | null }>({ query: '', before: null });

  useEffect(() => {
    setHits([]);
    setCursor(null);
    setFailed(false);
    if (searchWords(query).length === 0) {
      setSearching(false);
      return;
    }
    setSearching(true);
    const timer = setTimeout(() => {
      setPage({ query, before: null });
    }, 250);
    return () => {
      clearTimeout(timer);
    };
  }, [query]);

  useEffect(() => {
    if (page.query === '' || page.query !== query) return;
    let current = true;
    api.searchMessages(page.query, page.before).then(
      (answer) => {
        if (!current) return;
        setHits((shown) => (page.before === null ? answer.hits : [...shown, ...answer.hits]));
        setCursor(answer.nextCursor);
        setSearching(false);
      },
      () => {
        if (!current) return;
        setFailed(true);
        setSearching(false);
      },
    );
    return () => {
      current = false;
    };
    // `query` is read only to drop a page of a query the writer has since changed.
  }, [page]);

  return {
    hits,
    searching,
    failed,
    more:
      cursor === null
        ? undefined
        : () => {
            setPage({ query, before: cursor });
          },
  };
}
