import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import type { ShareLinkDto, ShareLinkState } from '../../../../contract/join.ts';
import { baseUrl, joinApi } from '../../app/services.ts';
import { FormError } from '../../components/FormError.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAsyncAction } from '../../components/useAsyncAction.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/useT.ts';
import { errorText } from '../auth/errorText.ts';
import { shareableJoinLink, type ShareableLink } from './shareableLink.ts';

const EXPIRIES: { key: MessageKey; seconds: number | undefined }[] = [
  { key: 'links.expiry.never', seconds: undefined },
  { key: 'links.expiry.hour', seconds: 3600 },
  { key: 'links.expiry.day', seconds: 24 * 3600 },
  { key: 'links.expiry.week', seconds: 7 * 24 * 3600 },
];

const STATE_LABEL: Record<ShareLinkState, MessageKey> = {
  active: 'links.state.active',
  expired: 'links.state.expired',
  exhausted: 'links.state.exhausted',
  revoked: 'links.state.revoked',
};

/** The group's join links, behind a disclosure: the dialog stays short, and nothing is fetched until asked. */
export function ShareLinksSection({ conversationId }: { conversationId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="details-links" className="share-links">
      <h3 id="details-links">
        <button
          type="button"
          className="link"
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {t('links.title')}
        </button>
      </h3>
      {open && <ShareLinks conversationId={conversationId} />}
    </section>
  );
}

/**
 * A group admin's join links: create one (optional name, expiry and number of uses), copy it while it is
 * shown (the server keeps only its hash: it is shown once), see how each is used, and revoke it.
 */
function ShareLinks({ conversationId }: { conversationId: string }) {
  const t = useT();
  const [links, setLinks] = useState<ShareLinkDto[] | null>(null);
  const [created, setCreated] = useState<ShareableLink | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setLinks(await joinApi.shareLinks(conversationId));
    } catch (e) {
      setError(errorText(e, t));
    }
  }, [conversationId, t]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const revoke = async (linkId: string) => {
    setError(null);
    try {
      await joinApi.revokeShareLink(conversationId, linkId);
      await reload();
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <>
      <p className="hint">{t('links.intro')}</p>
      <CreateLinkForm
        conversationId={conversationId}
        onCreated={(link) => {
          setCreated(link);
          setCopied(false);
          void reload();
        }}
      />
      {created !== null && (
        <div className="created-link" role="status">
          <p>{t('links.created')}</p>
          {created.onlyWhereServerIsReachable && <p className="hint">{t('links.localOnly')}</p>}
          <input
            readOnly
            aria-label={t('links.title')}
            value={created.url}
            onFocus={(e) => {
              e.target.select();
            }}
          />
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(created.url).then(() => {
                setCopied(true);
              });
            }}
          >
            {copied ? t('links.copied') : t('links.copy')}
          </button>
        </div>
      )}
      <FormError error={error} />
      {links !== null && links.length === 0 && <p>{t('links.none')}</p>}
      {links !== null && links.length > 0 && (
        <ul className="link-list">
          {links.map((link) => (
            <li key={link.id} data-link-id={link.id}>
              <span className="link-name">{link.label ?? `…${link.hint}`}</span>{' '}
              <small>
                {t(STATE_LABEL[link.state])} ·{' '}
                {link.maxUses === null
                  ? t('links.uses', { count: link.useCount })
                  : t('links.usesOf', { count: link.useCount, max: link.maxUses })}
                {link.expiresAt !== null &&
                  ` · ${t('links.expiresAt', { date: new Date(link.expiresAt).toLocaleString() })}`}
              </small>
              {link.state === 'active' && (
                <button type="button" className="danger" onClick={() => void revoke(link.id)}>
                  {t('links.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CreateLinkForm({
  conversationId,
  onCreated,
}: {
  conversationId: string;
  onCreated: (link: ShareableLink) => void;
}) {
  const t = useT();
  const [label, setLabel] = useState('');
  const [expiry, setExpiry] = useState(0);
  const [maxUses, setMaxUses] = useState('');
  const { busy, error, run } = useAsyncAction(errorText);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    await run(async () => {
      const uses = Number.parseInt(maxUses, 10);
      const { code, webUrl } = await joinApi.createShareLink(conversationId, {
        ...(label.trim() === '' ? {} : { label: label.trim() }),
        ...(EXPIRIES[expiry]?.seconds === undefined ? {} : { expiresInSeconds: EXPIRIES[expiry].seconds }),
        ...(Number.isFinite(uses) && uses > 0 ? { maxUses: uses } : {}),
      });
      setLabel('');
      setMaxUses('');
      onCreated(shareableJoinLink(code, webUrl, baseUrl));
    });
  };
  return (
    <form className="create-link" onSubmit={(e) => void submit(e)}>
      <TextField id="link-label" label={t('links.label')} value={label} onChange={setLabel} />
      <div className="field">
        <label htmlFor="link-expiry">{t('links.expiry')}</label>
        <select
          id="link-expiry"
          value={expiry}
          onChange={(e) => {
            setExpiry(Number(e.target.value));
          }}
        >
          {EXPIRIES.map((choice, index) => (
            <option key={choice.key} value={index}>
              {t(choice.key)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id="link-max-uses"
        label={t('links.maxUses')}
        type="number"
        min={1}
        inputMode="numeric"
        value={maxUses}
        onChange={setMaxUses}
      />
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('links.create')}
      </button>
    </form>
  );
}
