import type { ServerMode } from '../contract/desktop-bridge.ts';
import type { DesktopStackKind } from './stack.ts';

/**
 * What runs on this device in each mode: everything in local mode; in remote mode the translator alone,
 * so that a server that does not translate for this reader is still read in their language; nothing of
 * the local stack in Docker mode, whose services run in containers.
 */
export function stackKindFor(mode: ServerMode): DesktopStackKind | undefined {
  switch (mode.kind) {
    case 'local':
      return 'full';
    case 'remote':
      return 'translator';
    case 'docker':
      return undefined;
  }
}
