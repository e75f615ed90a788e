import { useEffect, useState } from 'react';
import type { StackStatus } from '../../../../contract/desktop-bridge.ts';
import { desktopBridge } from '../../lib/desktopBridge.ts';

/** The local stack's state as the desktop app reports it; `not-used` in a browser and in remote mode. */
export function useStackStatus(): StackStatus {
  const [status, setStatus] = useState<StackStatus>({ state: 'not-used' });
  useEffect(() => {
    const bridge = desktopBridge();
    if (bridge === undefined) return undefined;
    let live = true;
    void bridge.stackStatus().then((first) => {
      if (live) setStatus(first);
    });
    const stop = bridge.on('stack-status', setStatus);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return status;
}
