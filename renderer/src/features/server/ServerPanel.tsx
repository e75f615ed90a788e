import { useEffect, useState, type SyntheticEvent } from 'react';
import { baseUrl } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { customServerUrl, normaliseServerUrl, setCustomServerUrl } from './serverUrl.ts';
import { probeServer } from './probeServer.ts';
import { TextField } from '../../components/TextField.tsx';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import type { ServerMode } from '../../../../contract/desktop-bridge.ts';
import { DockerPanel } from './DockerPanel.tsx';

type PanelMode = 'origin' | 'custom' | 'docker';

/**
 * Choose the server: the one this page came from (in the desktop app: the local stack on this device), a
 * self-hosted URL, or, in the desktop app, Docker (this device's server on Postgres and Redis containers).
 * Switching reloads the app; the desktop app remembers the choice (and starts or stops its local stack
 * accordingly).
 */
export function ServerPanel() {
  const t = useT();
  const bridge = desktopBridge();
  const [mode, setMode] = useState<PanelMode>(customServerUrl() === null ? 'origin' : 'custom');
  const [dockerActive, setDockerActive] = useState(false);
  const [url, setUrl] = useState(customServerUrl() ?? '');
  const [probe, setProbe] = useState<'idle' | 'ok' | 'bad' | 'testing'>('idle');

  // The desktop app knows whether Docker mode is the one in use (the page's own storage cannot tell).
  useEffect(() => {
    if (bridge === undefined) return undefined;
    let live = true;
    void bridge.serverMode().then((current) => {
      if (!live || current.kind !== 'docker') return;
      setDockerActive(true);
      setMode('docker');
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  const switchTo = async (desktopMode: ServerMode) => {
    if (bridge !== undefined) await bridge.setServerMode(desktopMode);
    setCustomServerUrl(desktopMode.kind === 'remote' ? desktopMode.url : null);
    window.location.reload();
  };
  const test = async () => {
    setProbe('testing');
    setProbe((await probeServer(url)) ? 'ok' : 'bad');
  };
  const apply = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (mode === 'docker') {
      await switchTo({ kind: 'docker' });
      return;
    }
    if (mode === 'origin') {
      await switchTo({ kind: 'local' });
      return;
    }
    // Never switch to an address that is not a Meeshy server: the user would be stuck on a dead client.
    setProbe('testing');
    const isMeeshy = await probeServer(url);
    setProbe(isMeeshy ? 'ok' : 'bad');
    if (isMeeshy) await switchTo({ kind: 'remote', url: normaliseServerUrl(url) });
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
      {mode === 'docker' && bridge !== undefined && (
        <DockerPanel
          bridge={bridge}
          active={dockerActive}
          onConnect={(bundledUrl) => void switchTo({ kind: 'remote', url: bundledUrl })}
        />
      )}
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
      <button type="submit" className="primary">
        {t('server.apply')}
      </button>
    </form>
  );
}
