import type { ServerMode } from '../contract/desktop-bridge.ts';
import type { DesktopStackKind } from './stack.ts';

/**
 * What runs on this device in each mode: everything in local mode; in remote mode the translator alone,
 * so that a server that does not translate for this reader is still read in their language; in Docker
 * mode everything too, the server's data in the Postgres and Redis containers.
 */
export function stackKindFor(mode: ServerMode): DesktopStackKind {
  switch (mode.kind) {
    case 'local':
      return 'full';
    case 'remote':
      return 'translator';
    case 'docker':
      return 'docker';
  }
}

/** The modes whose server runs on this device: the page is served by it, and waits on the start screen. */
export function usesLocalServer(mode: ServerMode): boolean {
  return mode.kind === 'local' || mode.kind === 'docker';
}
