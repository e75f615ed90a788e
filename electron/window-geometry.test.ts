import { describe, expect, it } from 'vitest';
import { restorableWindowState } from './window-geometry.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window state restored onto the displays present', () => {
  it('restores a window where it was', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, maximized: true };
    expect(restorableWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });
  it('does not restore onto a monitor that is gone', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restorableWindowState(saved, [laptop])).toBeUndefined();
  });
  it('does not restore a window whose title bar is off screen', () => {
    expect(
      restorableWindowState({ bounds: { x: 100, y: -500, width: 800, height: 600 } }, [laptop]),
    ).toBeUndefined();
    expect(
      restorableWindowState({ bounds: { x: -790, y: 10, width: 800, height: 600 } }, [laptop]),
    ).toBeUndefined();
  });
  it('fits a window into a display that shrank', () => {
    const saved = { bounds: { x: 200, y: 100, width: 2000, height: 1300 }, maximized: false };
    expect(restorableWindowState(saved, [laptop])).toEqual({
      bounds: { x: 0, y: 0, width: 1440, height: 900 },
      maximized: false,
    });
  });
  it('keeps a minimum size', () => {
    const restored = restorableWindowState({ bounds: { x: 10, y: 10, width: 50, height: 20 } }, [laptop]);
    expect(restored?.bounds).toEqual({ x: 10, y: 10, width: 480, height: 400 });
  });
  it.each([
    undefined,
    null,
    'x',
    [],
    {},
    { bounds: null },
    { bounds: { x: '1', y: 0, width: 800, height: 600 } },
    { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 } },
    { bounds: { x: 0, y: 0, width: 0, height: 600 } },
    { bounds: { x: 0, y: 0, width: 800, height: Number.POSITIVE_INFINITY } },
  ])('ignores a damaged saved state %j', (saved) => {
    expect(restorableWindowState(saved, [laptop])).toBeUndefined();
  });
});
