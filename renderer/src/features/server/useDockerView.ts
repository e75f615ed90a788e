import { useCallback, useEffect, useState } from 'react';
import type { DesktopBridge } from '../../../../contract/desktop-bridge.ts';
import type { DockerModeView } from '../../../../contract/desktop-docker.ts';

const UNKNOWN: DockerModeView = { engine: { state: 'unknown' }, data: [], bundled: [] };

/**
 * The desktop app's Docker view: asked once when the screen opens, then kept current by the main process's
 * `docker-state` events (a task's progress arrives that way). `recheck` asks the engine again.
 */
export function useDockerView(bridge: DesktopBridge): { view: DockerModeView; recheck: () => void } {
  const [view, setView] = useState<DockerModeView>(UNKNOWN);
  const recheck = useCallback(() => {
    void bridge.dockerState().then(setView);
  }, [bridge]);
  useEffect(() => {
    let live = true;
    void bridge.dockerState().then((first) => {
      if (live) setView(first);
    });
    const stop = bridge.on('docker-state', setView);
    return () => {
      live = false;
      stop();
    };
  }, [bridge]);
  return { view, recheck };
}
