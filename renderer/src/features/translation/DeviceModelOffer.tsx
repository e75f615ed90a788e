import { useEffect, useState } from 'react';
import type { ModelInfo } from '../../../../contract/translations.ts';
import { useT } from '../../i18n/useT.ts';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import { ModelCard } from '../models/ModelCard.tsx';
import { useDeviceModelWaiters } from './deviceModelWaiters.ts';
import { translateOnDevice } from './onDeviceTranslation.ts';
import { useTranslations } from './translationStore.ts';

/** How often the download's progress is read while it runs. */
const PROGRESS_POLL_MS = 1000;
/** The states that move on their own (after the user asked for the model): read again until they settle. */
const MOVING_STATES: ReadonlySet<ModelInfo['state']> = new Set(['downloading', 'downloaded', 'loading']);

/**
 * In the desktop app connected to a server that does not translate for this reader, the translations
 * happen on this device, whose model is downloaded only when the user asks: the first message that needs
 * it brings this offer (the model's size and license, and consent where the license asks for it). While
 * the model downloads and loads its progress shows here; once it is ready the waiting messages translate.
 * The model is read once when a message starts waiting, and again every `pollMs` only while it moves
 * (downloading, loading): an offer the user has not taken changes nothing, so it is not polled.
 */
export function DeviceModelOffer({ pollMs = PROGRESS_POLL_MS }: { pollMs?: number }) {
  const t = useT();
  const needed = useDeviceModelWaiters((s) => Object.keys(s.waiting).length > 0);
  const [model, setModel] = useState<ModelInfo | null>(null);
  // A download the user starts here moves the model: the reading below starts again and follows it.
  const moving = model !== null && MOVING_STATES.has(model.state);

  useEffect(() => {
    const bridge = desktopBridge();
    if (!needed || bridge === undefined) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const current = await bridge.deviceModel();
      if (stopped) return;
      setModel(current);
      if (current?.state === 'ready') {
        for (const { message, targetLanguage } of useDeviceModelWaiters.getState().take()) {
          useTranslations.getState().invalidate(message.id);
          void translateOnDevice(message, targetLanguage);
        }
        return;
      }
      // Unknown (the device's translator is down or restarting) is asked again too, or the offer would never come.
      if (current === null || MOVING_STATES.has(current.state)) timer = setTimeout(() => void read(), pollMs);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [needed, pollMs, moving]);

  if (!needed || model === null) return null;
  return (
    <aside className="device-model-offer" aria-label={t('deviceModel.title')}>
      <p>{t('deviceModel.intro')}</p>
      <ul className="model-list">
        <ModelCard
          model={model}
          progress={undefined}
          onUpdate={setModel}
          download={async (_tier, acceptLicense) => {
            const bridge = desktopBridge();
            if (bridge === undefined) throw new Error(t('deviceModel.noDesktop'));
            const result = await bridge.downloadDeviceModel(acceptLicense);
            if (!result.ok) throw new Error(result.error);
            return result.model;
          }}
        />
      </ul>
    </aside>
  );
}
