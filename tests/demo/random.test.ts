import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/demo/index.ts';
import { TimeQueue } from '../../src/demo/time-queue.ts';

describe('Random (seeded PRNG)', () => {
  it('repeats for a seed and differs between seeds and forks', () => {
    const draw = (r: Random) => Array.from({ length: 8 }, () => r.u32());
    expect(draw(new Random(7))).toEqual(draw(new Random(7)));
    expect(draw(new Random('seven'))).toEqual(draw(new Random('seven')));
    expect(draw(new Random(7))).not.toEqual(draw(new Random(8)));
    const root = new Random(7);
    expect(draw(root.fork('a'))).not.toEqual(draw(root.fork('b')));
    // A fork does not depend on how much the parent has drawn.
    const used = new Random(7);
    used.u32();
    expect(draw(used.fork('a'))).toEqual(draw(new Random(7).fork('a')));
  });

  it('stays within its bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -50, max: 50 }),
        fc.nat(100),
        (seed, min, width) => {
          const r = new Random(seed);
          for (let i = 0; i < 50; i++) {
            const x = r.next();
            expect(x >= 0 && x < 1).toBe(true);
            const n = r.int(min, min + width);
            expect(n >= min && n <= min + width && Number.isInteger(n)).toBe(true);
          }
        },
      ),
    );
  });

  it('spreads values roughly evenly and makes version-4 UUIDs', () => {
    const r = new Random('spread');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor(r.next() * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 2000)).toBeLessThan(200);
    expect(r.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(r.weighted([['only', 1]])).toBe('only');
  });
});

describe('TimeQueue', () => {
  it('pops in time order, ties in insertion order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new TimeQueue();
        times.forEach((ts, i) => q.push(ts, { ts, i }));
        const out: { ts: number; i: number }[] = [];
        for (let d = q.pop(); d; d = q.pop()) out.push(d as { ts: number; i: number });
        const expected = times.map((ts, i) => ({ ts, i })).sort((a, b) => a.ts - b.ts || a.i - b.i);
        expect(out).toEqual(expected);
        expect(q.size).toBe(0);
        expect(q.peekTime()).toBe(Infinity);
      }),
    );
  });
});
