// The timeline's event index: density bins and windows must count every timed event exactly
// once, in time order, whatever order the files delivered them in (synthetic events).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EventIndexBuilder, type EventIndex } from '../../src/worker/app/timeline/event-index.ts';
import { summaryOf } from '../../src/worker/app/timeline/event-row.ts';
import { chunkPlaces, readPlaces } from '../../src/worker/app/timeline/chunk-places.ts';
import { TIMELINE_CATEGORIES } from '../../src/worker/timeline-api.ts';

const HOSTS = ['dc01', 'wks-1', 'wks-2'];
const CATS = ['process', 'network', 'file', 'weird', undefined];

interface Spec {
  t: number | null;
  host: number;
  cat: number;
}

const docOf = (s: Spec) => ({
  ...(s.t === null ? {} : { '@timestamp': new Date(s.t).toISOString() }),
  host: { name: HOSTS[s.host] },
  event: CATS[s.cat] === undefined ? {} : { category: [CATS[s.cat]] },
});

function build(specs: Spec[]): EventIndex {
  const b = new EventIndexBuilder();
  specs.forEach((s, i) => b.add(docOf(s), { chunk: Math.floor(i / 10), index: i % 10 }));
  return b.build();
}

/** The same events stored in chunks of ten, indexed from each chunk's places. */
function buildFromPlaces(specs: Spec[]): EventIndex {
  const b = new EventIndexBuilder();
  for (let at = 0; at < specs.length; at += 10) {
    const events = specs.slice(at, at + 10).map(docOf);
    const chunk = { sessionId: 's', chunkIndex: at / 10, file: 0, firstRecord: at, events };
    const places = readPlaces(structuredClone(chunkPlaces({ ...chunk, lines: [], raws: [] })));
    if (!places) throw new Error('places did not survive a structured clone');
    b.addPlaces(at / 10, places);
  }
  return b.build();
}

const spec = fc.record({
  t: fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 86_400_000 }), {
    freq: 10,
  }),
  host: fc.integer({ min: 0, max: HOSTS.length - 1 }),
  cat: fc.integer({ min: 0, max: CATS.length - 1 }),
});

describe('timeline event index', () => {
  test('density counts every timed event of the span once, in the right bin and category', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 300 }),
        fc.integer({ min: 1, max: 97 }),
        (specs, bins) => {
          const index = build(specs);
          const timed = specs.filter((s) => s.t !== null);
          expect(index.untimed).toBe(specs.length - timed.length);
          expect(index.events).toBe(timed.length);
          const from = 1_700_000_000_000;
          const to = from + 86_400_001;
          const lanes = index.density(from, to, bins);
          const C = TIMELINE_CATEGORIES.length;
          for (const lane of lanes) {
            const h = HOSTS.indexOf(lane.host);
            const mine = timed.filter((s) => s.host === h);
            let sum = 0;
            for (const n of lane.counts) sum += n;
            expect(sum).toBe(mine.length);
            for (const s of mine) {
              const bin = Math.min(
                bins - 1,
                Math.floor((((s.t as number) - from) / (to - from)) * bins),
              );
              const cat = TIMELINE_CATEGORIES.indexOf(
                (['process', 'network', 'file'].includes(CATS[s.cat] ?? '')
                  ? CATS[s.cat]
                  : 'other') as never,
              );
              expect(lane.counts[bin * C + cat]).toBeGreaterThan(0);
            }
          }
        },
      ),
    );
  });

  test('crowded categories (counted by searching bin edges) bin exactly as visiting each event', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 2000, maxLength: 4000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 40_000_000 }),
        (specs, bins, offset) => {
          const index = build(specs);
          const from = 1_700_000_000_000 + offset;
          const to = from + 50_000_000;
          const C = TIMELINE_CATEGORIES.length;
          for (const lane of index.density(from, to, bins)) {
            const h = HOSTS.indexOf(lane.host);
            const expected = new Uint32Array(bins * C);
            for (const s of specs) {
              if (s.host !== h || s.t === null || s.t < from || s.t >= to) continue;
              const bin = Math.min(bins - 1, Math.floor(((s.t - from) / (to - from)) * bins));
              const name = ['process', 'network', 'file'].includes(CATS[s.cat] ?? '')
                ? CATS[s.cat]
                : 'other';
              expected[bin * C + TIMELINE_CATEGORIES.indexOf(name as never)]++;
            }
            expect([...lane.counts]).toEqual([...expected]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test("an index built from the chunks' stored places equals one built from their documents", () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 300 }), (specs) => {
        expect(buildFromPlaces(specs)).toEqual(build(specs));
      }),
    );
    expect(readPlaces({ version: 0, hosts: [] })).toBeNull();
  });

  test('a window yields its events in time order across hosts and counts the same', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 200 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (specs, a, b) => {
          const index = build(specs);
          const from = 1_700_000_000_000 + Math.min(a, b);
          const to = 1_700_000_000_000 + Math.max(a, b);
          const hits = [...index.window(from, to, index.lanes, () => true)];
          const times = hits.map((h) => h.lane.times[h.position]);
          expect(times).toEqual([...times].sort((x, y) => x - y));
          const expected = specs.filter((s) => s.t !== null && s.t >= from && s.t < to).length;
          expect(hits.length).toBe(expected);
          expect(index.count(from, to, index.lanes, () => true)).toBe(expected);
          // Each event's storage place comes back once.
          const refs = new Set(
            hits.map((h) => `${h.lane.chunks[h.position]}/${h.lane.indexes[h.position]}`),
          );
          expect(refs.size).toBe(hits.length);
        },
      ),
    );
  });

  test('a row names what happened: process, user, addresses, path', () => {
    expect(
      summaryOf({
        process: { command_line: 'cmd.exe /c whoami' },
        user: { name: 'adm', domain: 'CORP' },
        source: { ip: '10.0.0.5', port: 50000 },
        destination: { ip: '10.0.0.9', port: 5985 },
      }),
    ).toBe('cmd.exe /c whoami · user CORP\\adm · 10.0.0.5:50000 → 10.0.0.9:5985');
    expect(summaryOf({ message: 'first line\r\nsecond' })).toBe('first line');
  });
});
