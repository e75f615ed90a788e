import { useState, type SyntheticEvent } from 'react';
import { baseUrl } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { customServerUrl, normaliseServerUrl, setCustomServerUrl } from './serverUrl.ts';
import { probeServer } from './probeServer.ts';
import { TextField } from '../../components/TextField.tsx';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import type { ServerMode } from '../../../../contract/desktop-bridge.ts';

type PanelMode = 'origin' | 'custom' | 'docker';

/**
 * Choose the server: the one this page came from (in the desktop app: the local stack on this device), or a
 * self-hosted URL; the desktop app also lists Docker, not available yet. Switching reloads the app; the
 * desktop app remembers the choice (and starts or stops its local stack accordingly).
 */
export function ServerPanel() {
  const t = useT();
  const bridge = desktopBridge();
  const [mode, setMode] = useState<PanelMode>(customServerUrl() === null ? 'origin' : 'custom');
  const [url, setUrl] = useState(customServerUrl() ?? '');
  const [probe, setProbe] = useState<'idle' | 'ok' | 'bad' | 'testing'>('idle');

  const test = async () => {
    setProbe('testing');
    setProbe((await probeServer(url)) ? 'ok' : 'bad');
  };
  const apply = async (event: SyntheticEvent) => {
    event.preventDefault();
    let next: string | null = null;
    if (mode === 'custom') {
      // Never switch to an address that is not a Meeshy server: the user would be stuck on a dead client.
      setProbe('testing');
      const isMeeshy = await probeServer(url);
      setProbe(isMeeshy ? 'ok' : 'bad');
      if (!isMeeshy) return;
      next = normaliseServerUrl(url);
    }
    if (mode === 'docker') return;
    if (bridge !== undefined) {
      const desktopMode: ServerMode = next === null ? { kind: 'local' } : { kind: 'remote', url: next };
      await bridge.setServerMode(desktopMode);
    }
    setCustomServerUrl(next);
    window.location.reload();
  };

  return (
    <form className="server-panel" onSubmit={(e) => void apply(e)}>
      <fieldset>
        <legend>{t('server.current')}</legend>
        <label className="check">
          <input
            type="radio"
            name="server-mode"
            checked={mode === 'origin'}
            onChange={() => {
              setMode('origin');
            }}
          />
          {bridge === undefined ? t('server.sameOrigin') : t('server.local')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="server-mode"
            checked={mode === 'custom'}
            onChange={() => {
              setMode('custom');
            }}
          />
          {t('server.custom')}
        </label>
        {bridge !== undefined && (
          <label className="check">
            <input
              type="radio"
              name="server-mode"
              checked={mode === 'docker'}
              onChange={() => {
                setMode('docker');
              }}
            />
            {t('server.docker')}
          </label>
        )}
      </fieldset>
      {mode === 'docker' && <p className="hint">{t('server.dockerSoon')}</p>}
      {mode === 'custom' && (
        <TextField
          id="server-url"
          label={t('server.url')}
          type="url"
          required
          placeholder="https://meeshy.example.org"
          value={url}
          onChange={(value) => {
            setUrl(value);
            setProbe('idle');
          }}
          action={
            <button type="button" onClick={() => void test()} disabled={probe === 'testing'}>
              {t('server.test')}
            </button>
          }
        >
          <p role="status" className={probe === 'bad' ? 'form-error' : 'hint'}>
            {probe === 'ok' ? t('server.ok') : probe === 'bad' ? t('server.bad') : ''}
          </p>
        </TextField>
      )}
      <p className="hint">{t('server.switchWarning')}</p>
      <p className="hint">{baseUrl}</p>
      <button type="submit" className="primary" disabled={mode === 'docker'}>
        {t('server.apply')}
      </button>
    </form>
  );
}
