import type { ServerMode } from '../contract/desktop-bridge.ts';
import type { DockerModeController } from '../stack/docker-mode-controller.ts';
import { parseBundledLaunchRequest, parseNoArgument } from './docker-request.ts';
import type { DesktopHandlers } from './ipc.ts';
import type { DesktopStackKind } from './stack.ts';

export interface DockerHandlerParts {
  controller: DockerModeController;
  /** The server mode chosen now. */
  mode: () => ServerMode;
  /** The desktop stack: in Docker mode its server runs on the containers. */
  stack: { start(kind: DesktopStackKind): Promise<void>; stop(): Promise<void> };
}

export type DockerHandlers = Pick<
  DesktopHandlers,
  'dockerState' | 'startDocker' | 'stopDocker' | 'launchBundled' | 'stopBundled'
>;

/**
 * The main process's answers to the Server screen's Docker section. Each checks its argument first. In
 * Docker mode, start brings up the containers and this device's server on them (the desktop stack), and
 * stop ends that server before its database goes away; in the other modes they act on the containers only.
 */
export function dockerHandlers({ controller, mode, stack }: DockerHandlerParts): DockerHandlers {
  return {
    dockerState: (argument) => {
      parseNoArgument(argument);
      return controller.refresh();
    },
    startDocker: async (argument) => {
      parseNoArgument(argument);
      if (mode().kind !== 'docker') return controller.startContainers();
      await stack.start('docker');
      return controller.view;
    },
    stopDocker: async (argument) => {
      parseNoArgument(argument);
      if (mode().kind === 'docker') await stack.stop();
      return controller.stopContainers();
    },
    launchBundled: (argument) => controller.launchBundled(parseBundledLaunchRequest(argument)),
    stopBundled: (argument) => {
      parseNoArgument(argument);
      return controller.stopBundled();
    },
  };
}
