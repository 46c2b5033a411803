import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/case/json-text.ts';
import {
  packChunk,
  readChunk,
  readChunkEvents,
  unpackChunk,
  type StoredChunk,
} from '../../src/store/chunk-codec.ts';
import { shapeEvents } from '../../src/store/event-shapes.ts';
import type { ServiceChunk } from '../../src/store/service-records.ts';

// Synthetic chunks: an ECS chunk (raw record = event) and a mapped one (raw ≠ event).
const ecs = [
  { '@timestamp': '2026-01-15T10:00:00.000Z', process: { pid: 4, name: 'System' } },
  { '@timestamp': '2026-01-15T10:00:01.000Z', tags: ['a', 'b'], labels: { synthetic: true } },
];
/** The events as stored: by shape (event-shapes.ts). */
const shaped = (() => {
  const s = shapeEvents(ecs);
  return {
    layouts: s.layouts,
    shapes: Int32Array.from(s.shapes),
    strings: s.strings,
    refs: Int32Array.from(s.refs),
    others: JSON.stringify(s.others),
  };
})();
const chunk = (raws: unknown[]): ServiceChunk => ({
  sessionId: 's1',
  chunkIndex: 7,
  file: 2,
  firstRecord: 4000,
  events: ecs,
  lines: [4001, 4002],
  raws,
});

describe('event chunk codec', () => {
  it('stores ECS events once and gives them back as their own raw records', () => {
    const stored = packChunk(chunk(ecs));
    expect(stored.events).toEqual([]);
    expect(stored.shaped).toEqual(shaped);
    expect(stored.packed).toBeUndefined();
    const back = unpackChunk(stored);
    expect(back).toEqual(chunk(ecs));
    expect(back.raws).toBe(back.events);
  });

  it('stores ECS events by the texts they were parsed from, and parses them back', () => {
    // Texts as a file holds them: spacing, escapes and key order of their own, an unsafe integer.
    const texts = [
      '{"@timestamp":"2026-01-15T10:00:00.000Z", "process":{"pid":4,"name":"Sys\\u0074em"}}',
      '{"@timestamp":"2026-01-15T10:00:01.000Z","winlog":{"keywords":9223372036854775807},"tags":["a"]}',
    ];
    const events = texts.map((t) => parseJsonExact(t) as Record<string, unknown>);
    const stored = packChunk({ ...chunk(events), events, texts });
    expect(stored.eventTexts).toEqual(texts);
    expect(stored.shaped).toBeUndefined();
    expect(stored.packed).toBeUndefined();
    expect(stored.rawTexts).toBeUndefined();
    const back = unpackChunk(structuredClone(stored));
    expect(back).toEqual({ ...chunk(events), events });
    expect((back.events[1] as { winlog: unknown }).winlog).toEqual({
      keywords: '9223372036854775807',
    });
    expect(back.raws).toBe(back.events);
    expect(back).not.toHaveProperty('eventTexts');
  });

  it('stores ECS events by shape when a record has no text', () => {
    const stored = packChunk({ ...chunk(ecs), texts: [JSON.stringify(ecs[0]), undefined] });
    expect(stored.eventTexts).toBeUndefined();
    expect(stored.shaped).toEqual(shaped);
    expect(unpackChunk(stored)).toEqual(chunk(ecs));
  });

  it('keeps raw records that differ from the events', () => {
    const raws = [
      { EventID: 3, Computer: 'WS1' },
      { EventID: 1, Computer: 'WS1', Message: 'line\nbreak "quoted" \u202e' },
    ];
    const back = unpackChunk(packChunk(chunk(raws)));
    expect(back).toEqual(chunk(raws));
    expect(back.raws).not.toBe(back.events);
  });

  it('reads a chunk stored as objects before packing as it is', () => {
    const old: StoredChunk = chunk(ecs);
    expect(unpackChunk(old)).toBe(old);
  });

  it('a raw record equal in value but not the same object is kept apart', () => {
    const copies = ecs.map((e) => structuredClone(e));
    const stored = packChunk(chunk(copies));
    expect(JSON.parse(stored.packed!)).toHaveLength(2);
    expect(unpackChunk(stored).raws).toEqual(copies);
  });

  it('stores raw records by the text they were parsed from, and parses them back', () => {
    const raws = [
      { EventID: 3, Computer: 'WS1' },
      { EventID: 1, Message: 'a "b"\n\u202e' },
    ];
    const texts = raws.map((r) => JSON.stringify(r, null, 1));
    const stored = packChunk({ ...chunk(raws), texts });
    expect(stored.rawTexts).toEqual(texts);
    expect(stored.shaped).toEqual(shaped);
    expect(unpackChunk(stored)).toEqual(chunk(raws));
  });

  it('falls back to the raw objects when a record has no text', () => {
    const raws = [{ EventID: 3 }, { EventID: 1 }];
    const stored = packChunk({ ...chunk(raws), texts: [JSON.stringify(raws[0]), undefined] });
    expect(stored.rawTexts).toBeUndefined();
    expect(unpackChunk(stored)).toEqual(chunk(raws));
  });

  // Synthetic XML renderings, as a raw .evtx record's raw is kept (quotes, newlines, bidi).
  const xml = [
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4688</EventID></System></Event>',
    '<Event><EventData><Data Name="CommandLine">cmd /c "a\\b"\n\u202e</Data></EventData></Event>',
  ];

  it('stores string raw records as strings beside the events, not inside their JSON text', () => {
    const stored = packChunk({ ...chunk(xml), texts: [undefined, undefined] });
    expect(stored.shaped).toEqual(shaped);
    expect(stored.rawStrings).toEqual(xml);
    expect(stored.rawTexts).toBeUndefined();
    expect(unpackChunk(stored)).toEqual(chunk(xml));
  });

  it('reads a chunk packed before, with its string raw records inside the JSON text', () => {
    const old: StoredChunk = {
      ...chunk([]),
      events: [],
      packed: JSON.stringify([ecs, xml]),
    };
    expect(unpackChunk(old)).toEqual(chunk(xml));
  });

  it('reads a chunk whose events were packed as JSON, before they were stored by shape', () => {
    const old: StoredChunk = {
      ...chunk([]),
      events: [],
      packed: JSON.stringify([ecs]),
      rawStrings: xml,
    };
    expect(unpackChunk(old)).toEqual(chunk(xml));
    const own: StoredChunk = { ...chunk([]), events: [], packed: JSON.stringify([ecs]) };
    const back = unpackChunk(own);
    expect(back).toEqual(chunk(ecs));
    expect(back.raws).toBe(back.events);
  });

  it('reads the events alone without reading or parsing raw records stored apart', async () => {
    const raws = [{ EventID: 3 }, { EventID: 1 }];
    const stored = packChunk({ ...chunk(raws), texts: raws.map((r) => JSON.stringify(r)) });
    expect(stored.rawTexts).toBeDefined();
    expect(await readChunkEvents(stored)).toEqual({ ...chunk([]), raws: [] });
    // Raw texts that do not parse, and raw lines whose bytes cannot be read: neither is touched.
    const broken: StoredChunk = { ...stored, rawTexts: ['{', '{'] };
    await expect(readChunk(broken)).rejects.toThrow();
    expect((await readChunkEvents(broken)).events).toEqual(ecs);
    const unreadable = {
      arrayBuffer: () => Promise.reject(new Error('not read')),
    } as unknown as Blob;
    const { rawTexts: _, ...rest } = stored;
    const lines: StoredChunk = { ...rest, rawLines: { blob: unreadable, at: Int32Array.of(0, 9) } };
    await expect(readChunk(lines)).rejects.toThrow('not read');
    expect((await readChunkEvents(lines)).events).toEqual(ecs);
    // Events that are their own raw records are read as ever.
    expect(await readChunkEvents(packChunk(chunk(ecs)))).toEqual(chunk(ecs));
  });

  it('keeps raw records that are strings and objects mixed inside the JSON text', () => {
    const mixed = [xml[0], { EventID: 1 }];
    const stored = packChunk(chunk(mixed));
    expect(stored.rawStrings).toBeUndefined();
    expect(unpackChunk(stored)).toEqual(chunk(mixed));
  });
});
