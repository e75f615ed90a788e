import type { DeviceSession } from '../../../../../contract/auth.ts';
import { useT } from '../../../i18n/useT.ts';
import { formatDateTime } from '../../../lib/formatTime.ts';
import { usePrefs } from '../prefsStore.ts';

interface Props {
  device: DeviceSession;
  busy: boolean;
  onSignOut: (device: DeviceSession) => void;
}

/** One sign-in: what it is, when it started and was last active; the others can be signed out from here. */
export function DeviceItem({ device, busy, onSignOut }: Props) {
  const t = useT();
  const locale = usePrefs((s) => s.uiLanguage);
  const name = device.deviceLabel ?? t('devices.unknown');
  const started = formatDateTime(device.createdAt, locale);
  const nameId = `device-${device.id}`;
  return (
    <li className="device" aria-labelledby={nameId} aria-current={device.current ? 'true' : undefined}>
      <div className="device-text">
        <strong id={nameId}>{name}</strong>
        {device.current && <span className="badge">{t('devices.thisDevice')}</span>}
        <small>
          <time dateTime={device.createdAt}>{t('devices.started', { time: started })}</time>
          {' · '}
          <time dateTime={device.lastUsedAt}>
            {t('devices.lastActive', { time: formatDateTime(device.lastUsedAt, locale) })}
          </time>
        </small>
      </div>
      {!device.current && (
        <button
          type="button"
          className="danger"
          disabled={busy}
          // Every row has a "Sign out": the accessible name says which device each one ends.
          aria-label={t('devices.signOutNamed', { device: name, time: started })}
          onClick={() => {
            onSignOut(device);
          }}
        >
          {t('devices.signOut')}
        </button>
      )}
    </li>
  );
}
