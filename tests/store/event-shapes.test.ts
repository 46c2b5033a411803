// The stored form of a chunk's events (src/store/event-shapes.ts) reads back exactly what the
// JSON form before it read back: over every event of the shared real data, as the app's scan
// stores it (2,000-event chunks, raw records and their texts beside), and over the edges of
// what JSON.stringify writes (left-out values, key order, `__proto__`, non-plain objects).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/case/json-text.ts';
import { rawRecord } from '../../src/ingest/evtx/record-xml.ts';
import { packChunk, unpackChunk } from '../../src/store/chunk-codec.ts';
import { shapeEvents, unshapeEvents } from '../../src/store/event-shapes.ts';
import type { ServiceChunk } from '../../src/store/service-records.ts';
import { haveShared, ingestPath, shared } from '../ingest/helpers.ts';
import { scanChunks } from './scan-chunks.ts';

const CHUNK = 2_000;

/** What the codec before this one gave back for the events: their JSON text, read exactly. */
const before = (events: unknown[]) => (parseJsonExact(JSON.stringify([events])) as unknown[][])[0];

/** Every file's events, in chunks as the scan stores them; the chunks that did not read back. */
async function roundTrip(paths: string[]): Promise<{ events: number; wrong: string[] }> {
  let events = 0;
  const wrong: string[] = [];
  for (const path of paths) {
    const { events: read } = await ingestPath(path, { keepText: true });
    for (const chunk of scanChunks(read, CHUNK)) {
      const stored = packChunk(chunk);
      const back = unpackChunk(structuredClone(stored));
      events += chunk.events.length;
      const same =
        stored.shaped !== undefined &&
        stored.packed === undefined &&
        JSON.stringify(back.events) === JSON.stringify(before(chunk.events)) &&
        // Raw .evtx records are their chunks' bytes (stored as such): compared as their XML.
        JSON.stringify(back.raws.map(rawRecord)) ===
          JSON.stringify(before(chunk.raws.map(rawRecord))) &&
        back.lines.join() === chunk.lines.join();
      if (!same) wrong.push(`${path} @${chunk.firstRecord}`);
    }
  }
  return { events, wrong };
}

const EVTX = 'evtx-corpus/evtx';
const OTRF = 'samples/otrf';

describe('events stored by shape, over real data', () => {
  it.runIf(haveShared(EVTX))(
    'the 277 .evtx of EVTX-ATTACK-SAMPLES read back as before',
    { timeout: 300_000 },
    async () => {
      const files = readdirSync(shared(EVTX)).filter((f) => f.endsWith('.evtx'));
      expect(files).toHaveLength(277);
      const { events, wrong } = await roundTrip(files.map((f) => shared(`${EVTX}/${f}`)));
      expect(wrong).toEqual([]);
      expect(events).toBeGreaterThan(8000);
    },
  );

  it.runIf(haveShared(OTRF))(
    'the OTRF exports (raw records as their texts) read back as before',
    {
      timeout: 120_000,
    },
    async () => {
      const files = readdirSync(shared(OTRF)).filter((f) => f.endsWith('.ndjson'));
      expect(files.length).toBeGreaterThanOrEqual(2);
      const { events, wrong } = await roundTrip(files.map((f) => shared(`${OTRF}/${f}`)));
      expect(wrong).toEqual([]);
      expect(events).toBeGreaterThan(3000);
    },
  );
});

describe('events stored by shape, at the edges of JSON', () => {
  /** The events' JSON text after a trip through the store's form, copied as IndexedDB does. */
  const text = (events: Record<string, unknown>[]) => {
    const chunk: ServiceChunk = {
      sessionId: 's',
      chunkIndex: 0,
      file: 0,
      firstRecord: 0,
      events,
      lines: events.map((_, i) => i + 1),
      raws: events,
    };
    const stored = packChunk(chunk);
    expect(stored.shaped).toBeDefined();
    return JSON.stringify(unpackChunk(structuredClone(stored)).events);
  };

  it('leaves out what JSON leaves out and keeps what it keeps, in key order', () => {
    const events: Record<string, unknown>[] = [
      { b: 1, a: { y: undefined, x: [1, { z: null }], f: () => 1 }, 2: 'two', 1: true },
      { b: 1, a: { y: 'now here', x: [] }, 2: 'two', 1: false },
      { empty: {}, nan: NaN, inf: -Infinity, neg: -0, s: Symbol('s'), when: new Date(0) },
      { '}': 'close', 'k{': 'open', '': 'empty', 'a.b': { '': { '': 1 } } },
      { lone: '\ud800', bidi: 'a\u202eb', quote: '"\\\n', big: 2 ** 63 },
    ];
    expect(text(events)).toBe(JSON.stringify(before(events)));
  });

  it('shares one layout among events of one shape and one text among equal strings', () => {
    const events = [
      { host: { name: 'WS1' }, process: { executable: 'C:\\a.exe' }, image: 'C:\\a.exe' },
      { host: { name: 'WS1' }, process: { executable: 'C:\\b.exe' }, image: 'C:\\b.exe' },
      { host: { name: 'WS1' }, process: 'flat', image: 'C:\\b.exe' },
    ];
    const { layouts, shapes, strings } = shapeEvents(events);
    expect(shapes).toEqual([0, 0, 1]);
    expect(layouts).toEqual([
      [['host', ['name']], ['process', ['executable']], 'image'],
      [['host', ['name']], 'process', 'image'],
    ]);
    expect(strings).toEqual(['WS1', 'C:\\a.exe', 'C:\\b.exe', 'flat']);
    expect(text(events)).toBe(JSON.stringify(events));
  });

  it('keeps "__proto__" an own key, as JSON.parse does, not the prototype', () => {
    const event = JSON.parse('{"__proto__":{"polluted":1},"a":"b"}') as Record<string, unknown>;
    const [back] = unshapeEvents(shapeEvents([event]));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(back)).toBe(JSON.stringify(event));
  });

  it('objects without a prototype are walked; other objects are written as JSON writes them', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: 'v' });
    class Point {
      constructor(
        public x = 1,
        public y = 2,
      ) {}
    }
    const events = [{ bare, point: new Point(), list: [new Point()] }];
    expect(text(events)).toBe(JSON.stringify(events));
  });

  it('a chunk whose events are not all plain objects is packed as JSON, as before', () => {
    const chunk: ServiceChunk = {
      sessionId: 's',
      chunkIndex: 0,
      file: 0,
      firstRecord: 0,
      events: [{ a: 1 }, [1, 2] as never],
      lines: [1, 2],
      raws: [],
    };
    chunk.raws = chunk.events;
    const stored = packChunk(chunk);
    expect(stored.shaped).toBeUndefined();
    expect(unpackChunk(stored).events).toEqual(chunk.events);
  });
});
