import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceSession } from '../../../../../contract/auth.ts';
import { useT } from '../../../i18n/useT.ts';
import type { MeeshyApi } from '../../../lib/api/meeshyApi.ts';
import { DeviceItem } from './DeviceItem.tsx';
import { deviceErrorText } from './deviceErrorText.ts';
import { SignOutOthers } from './SignOutOthers.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { useAsyncAction } from '../../../components/useAsyncAction.ts';

/** The routes this section uses; tests hand it a fake. */
export type DevicesApi = Pick<MeeshyApi, 'sessions' | 'endSession' | 'endOtherSessions'>;

/**
 * "Your devices": where this account is signed in, with a way to end any other sign-in. The server closes
 * an ended device's connection at once and its sign-in screen says it was signed out.
 */
export function DevicesSection({ api }: { api: DevicesApi }) {
  const t = useT();
  const [devices, setDevices] = useState<DeviceSession[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const { busy, error, run } = useAsyncAction(deviceErrorText);
  const [status, setStatus] = useState('');
  // When the button that had focus disappears with its row, focus lands on the heading, not on <body>.
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    setLoadFailed(false);
    try {
      setDevices(await api.sessions());
    } catch {
      setLoadFailed(true);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  /**
   * Ends sign-ins, then keeps in the list only the devices `stays` accepts and says what was done. On a
   * refusal (already signed out elsewhere, or a failure) the server's list is the truth either way.
   */
  const endSignIns = async (
    request: () => Promise<unknown>,
    done: string,
    stays: (d: DeviceSession) => boolean,
  ) => {
    setStatus('');
    const ended = await run(async () => {
      await request();
      setStatus(done);
      setDevices((list) => list?.filter(stays) ?? null);
      headingRef.current?.focus();
    });
    if (!ended) void load();
  };

  const signOut = (device: DeviceSession) =>
    endSignIns(
      () => api.endSession(device.id),
      t('devices.signedOut', { device: device.deviceLabel ?? t('devices.unknown') }),
      (d) => d.id !== device.id,
    );

  const signOutOthers = () =>
    endSignIns(
      () => api.endOtherSessions(),
      t('devices.signedOutOthers'),
      (d) => d.current,
    );

  const others = devices?.filter((d) => !d.current).length ?? 0;
  return (
    <section className="devices" aria-labelledby="devices-title" aria-busy={devices === null}>
      <h2 id="devices-title" ref={headingRef} tabIndex={-1}>
        {t('devices.title')}
      </h2>
      <p className="hint">{t('devices.intro')}</p>
      {loadFailed ? (
        <p role="alert" className="form-error">
          {t('devices.error.load')}{' '}
          <button type="button" onClick={() => void load()}>
            {t('devices.retry')}
          </button>
        </p>
      ) : devices === null ? (
        <p>{t('devices.loading')}</p>
      ) : (
        <>
          <ul className="device-list" aria-labelledby="devices-title">
            {devices.map((device) => (
              <DeviceItem key={device.id} device={device} busy={busy} onSignOut={(d) => void signOut(d)} />
            ))}
          </ul>
          {others > 0 ? (
            <SignOutOthers busy={busy} onConfirm={() => void signOutOthers()} />
          ) : (
            <p className="hint">{t('devices.onlyThis')}</p>
          )}
        </>
      )}
      <p role="status">{status}</p>
      <FormError error={error} />
    </section>
  );
}
