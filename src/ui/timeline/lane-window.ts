// Which host lanes of the timeline exist at a scroll position: those in the lane area's visible
// part and a few beyond each edge, so a short scroll finds them made and painted. Fifty hosts'
// labels, canvases and marks made at once were one 70-90 ms task when the tab opened.

/** Lanes kept beyond each edge of the visible part. */
export const OVERSCAN = 4;

export interface LaneRange {
  /** The first lane that exists, and one past the last. */
  first: number;
  last: number;
}

/** The lanes to make for `count` lanes `lane` pixels tall, scrolled to `top` in a `height` view. */
export function laneRange(top: number, height: number, count: number, lane: number): LaneRange {
  const first = Math.max(0, Math.min(count, Math.floor(top / lane) - OVERSCAN));
  const last = Math.max(first, Math.min(count, Math.ceil((top + height) / lane) + OVERSCAN));
  return { first, last };
}

/** Whether lane `index` shows at least a pixel row in the visible part. */
export function onScreen(index: number, top: number, height: number, lane: number): boolean {
  const y = index * lane;
  return y + lane > top && y < top + height;
}

/**
 * The scroll position that brings lane `index` wholly into view, centred, or null when it is
 * wholly in view already.
 */
export function scrollToLane(
  index: number,
  top: number,
  height: number,
  lane: number,
): number | null {
  const y = index * lane;
  if (y >= top && y + lane <= top + height) return null;
  return Math.max(0, y - (height - lane) / 2);
}
