import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './menu-template.ts';

const actions = { openLogFolder: () => undefined, quit: () => undefined };
const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
const roles = (template: MenuItemConstructorOptions[]) => items(template).map((item) => item.role);

describe('the application menu', () => {
  it('has the usual editing, zoom and window shortcuts on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const found = roles(menuTemplate(platform, false, actions));
      for (const role of [
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'zoomIn',
        'zoomOut',
        'resetZoom',
      ]) {
        expect(found).toContain(role);
      }
      expect(found).toContain('togglefullscreen');
      expect(found).toContain('close');
    }
  });
  it('quits with the platform shortcut', () => {
    const quitOf = (platform: NodeJS.Platform) =>
      items(menuTemplate(platform, false, actions)).find((item) => item.label === 'Quit Meeshy')?.accelerator;
    expect(quitOf('darwin')).toBe('Cmd+Q');
    expect(quitOf('linux')).toBe('Ctrl+Q');
    expect(quitOf('win32')).toBe('Ctrl+Q');
  });
  it('offers developer tools only in development', () => {
    expect(roles(menuTemplate('linux', false, actions))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate('linux', true, actions))).toContain('toggleDevTools');
  });
});
