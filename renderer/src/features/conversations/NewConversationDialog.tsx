import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import type { PublicUser } from '../../../../contract/users.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import { api } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { errorText } from '../auth/errorText.ts';
import { engine } from '../sync/engine.ts';
import { useConversations } from './conversationsStore.ts';
import { togglePicked } from './togglePicked.ts';
import { useUserSearch } from './useUserSearch.ts';
import { UserResults } from './UserResults.tsx';
import { FormError } from '../../components/FormError.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAsyncAction } from '../../components/useAsyncAction.ts';

/** A modal <dialog>: the browser traps focus, closes on Escape and restores focus to the opener. */
export function NewConversationDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<'direct' | 'group'>('direct');
  const [query, setQuery] = useState('');
  const [title, setTitle] = useState('');
  const [picked, setPicked] = useState<PublicUser[]>([]);
  // Busy to the end: on success the dialog closes.
  const { busy, error, run } = useAsyncAction(errorText, { busyAfterSuccess: true });
  const results = useUserSearch(query);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const toggle = (user: PublicUser) => {
    if (kind === 'direct') setPicked([user]);
    else setPicked((p) => togglePicked(p, user));
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    await run(async () => {
      const memberIds = picked.map((u) => u.id);
      const created = await api.createConversation(
        kind === 'direct'
          ? { type: 'direct', memberIds: memberIds.slice(0, 1) }
          : { type: 'group', title: title.trim(), memberIds },
      );
      useConversations.getState().setDetail(created);
      useConversations.getState().upsert(created);
      useConversations.getState().select(created.id);
      void engine.loadDetail(created.id);
      engine.join(created.id);
      onClose();
    });
  };

  const canCreate = picked.length > 0 && (kind === 'direct' || title.trim() !== '');
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-title" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="new-title">{t('new.title')}</h2>
        <div className="segmented" role="radiogroup" aria-label={t('new.title')}>
          {(['direct', 'group'] as const).map((k) => (
            <label key={k} className="check">
              <input
                type="radio"
                name="new-kind"
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setPicked((p) => (k === 'direct' ? p.slice(0, 1) : p));
                }}
              />
              {t(k === 'direct' ? 'new.direct' : 'new.group')}
            </label>
          ))}
        </div>
        {kind === 'group' && (
          <TextField
            id="new-group-title"
            label={t('new.groupTitle')}
            required
            maxLength={LIMITS.conversationTitleMaxLength}
            value={title}
            onChange={setTitle}
          />
        )}
        <TextField
          id="new-user-search"
          label={t('new.searchUsers')}
          type="search"
          autoFocus
          autoComplete="off"
          value={query}
          onChange={setQuery}
        />
        {picked.length > 0 && (
          <p className="picked" aria-live="polite">
            {t('new.selected')}: {picked.map((u) => u.displayName).join(', ')}
          </p>
        )}
        <UserResults query={query} results={results} picked={picked} onToggle={toggle} />
        <FormError error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            {t('new.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!canCreate || busy}>
            {t('new.create')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
