export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is saved between runs. */
export interface SavedWindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 };
export const MINIMUM_SIZE = { width: 480, height: 400 };
/** How much of the title bar must lie on a display for the window to count as reachable. */
const VISIBLE_MARGIN = 64;

/**
 * Reads what was saved (a JSON value from disk, perhaps damaged or from another machine) and returns the
 * state to restore onto the displays present now; undefined means "no usable state: centre a default window".
 * A window whose title bar would be off every display (a monitor unplugged since) is not restored there.
 */
export function restorableWindowState(
  saved: unknown,
  workAreas: readonly Rectangle[],
): SavedWindowState | undefined {
  const parsed = parseSavedState(saved);
  if (parsed === undefined) return undefined;
  const state = {
    ...parsed,
    bounds: {
      ...parsed.bounds,
      width: Math.max(parsed.bounds.width, MINIMUM_SIZE.width),
      height: Math.max(parsed.bounds.height, MINIMUM_SIZE.height),
    },
  };
  const display = workAreas.find((area) => titleBarVisibleOn(state.bounds, area));
  if (display === undefined) return undefined;
  // Fits the window inside the display it is on (a display may have shrunk since).
  const width = Math.min(state.bounds.width, display.width);
  const height = Math.min(state.bounds.height, display.height);
  const x = Math.min(Math.max(state.bounds.x, display.x), display.x + display.width - width);
  const y = Math.min(Math.max(state.bounds.y, display.y), display.y + display.height - height);
  return { bounds: { x, y, width, height }, maximized: state.maximized };
}

function titleBarVisibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const titleY = bounds.y;
  return overlapX >= VISIBLE_MARGIN && titleY >= area.y && titleY < area.y + area.height - VISIBLE_MARGIN / 2;
}

function parseSavedState(saved: unknown): SavedWindowState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { bounds, maximized } = saved as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((value) => typeof value === 'number' && Number.isFinite(value))) return undefined;
  const [bx, by, bw, bh] = numbers as [number, number, number, number];
  if (bw <= 0 || bh <= 0) return undefined;
  return {
    bounds: { x: Math.round(bx), y: Math.round(by), width: Math.round(bw), height: Math.round(bh) },
    maximized: maximized === true,
  };
}
