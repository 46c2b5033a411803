// The timeline's lane window: which of many hosts' lanes exist at a scroll position.
import { describe, expect, it } from 'vitest';
import { OVERSCAN, laneRange, onScreen, scrollToLane } from '../../src/ui/timeline/lane-window';

const LANE = 44;

describe('laneRange', () => {
  it('makes the visible lanes and a few below at the top', () => {
    // 440 px show lanes 0-9.
    expect(laneRange(0, 440, 50, LANE)).toEqual({ first: 0, last: 10 + OVERSCAN });
  });

  it('keeps a few lanes beyond each edge mid-way, a partly shown lane included', () => {
    // Scrolled to 1,000 px: lane 22 (968-1012) is partly shown, lane 32 (1408-1452) too.
    const { first, last } = laneRange(1000, 440, 50, LANE);
    expect(first).toBe(22 - OVERSCAN);
    expect(last).toBe(33 + OVERSCAN);
  });

  it('stops at the last lane, and holds every lane when they all fit', () => {
    expect(laneRange(50 * LANE - 440, 440, 50, LANE).last).toBe(50);
    expect(laneRange(0, 440, 3, LANE)).toEqual({ first: 0, last: 3 });
    expect(laneRange(0, 440, 0, LANE)).toEqual({ first: 0, last: 0 });
  });

  it('covers every lane as the list is scrolled through', () => {
    const seen = new Set<number>();
    const bottom = 60 * LANE - 300;
    for (let at = 0; at < bottom + 300; at += 300) {
      // Page by page, the last page stopping at the bottom as a scroller does.
      const { first, last } = laneRange(Math.min(at, bottom), 300, 60, LANE);
      expect(last - first).toBeLessThanOrEqual(Math.ceil(300 / LANE) + 1 + 2 * OVERSCAN);
      for (let i = first; i < last; i++) seen.add(i);
    }
    expect(seen.size).toBe(60);
  });
});

describe('onScreen and scrollToLane', () => {
  it('tells a shown lane from one kept beyond the edge', () => {
    expect(onScreen(0, 0, 440, LANE)).toBe(true);
    expect(onScreen(9, 0, 440, LANE)).toBe(true);
    expect(onScreen(10, 0, 440, LANE)).toBe(false);
    expect(onScreen(22, 1000, 440, LANE)).toBe(true);
    expect(onScreen(21, 1000, 440, LANE)).toBe(false);
  });

  it('scrolls a lane out of view to the middle, and leaves one in view', () => {
    expect(scrollToLane(3, 0, 440, LANE)).toBeNull();
    expect(scrollToLane(40, 0, 440, LANE)).toBe(40 * LANE - (440 - LANE) / 2);
    // Partly shown counts as out of view; never above the top.
    expect(scrollToLane(9, 10, 440, LANE)).toBeNull();
    expect(scrollToLane(0, 10, 440, LANE)).toBe(0);
  });
});
