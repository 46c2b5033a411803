// Event chunks are written to IndexedDB as text, not as object graphs. IndexedDB copies a
// value by structured clone on the writing thread, and for chunks of thousands of small event
// objects that walk was the largest single cost of a scan in the browser. So the events are
// written as one JSON text (JSON.stringify of the same objects is cheaper there), and the raw
// records as the very texts they were parsed from, where ingest kept them (strings copy as
// bytes; ECS input is its own raw record and is written once). bench/app-scan, 210 MB:
// ECS NDJSON 4.4 s → 3.2 s, evtx_dump JSONL 9.4 s → 6.9 s. Nothing is lost: events come from
// JSON exports and the ECS mapper writes only strings, finite numbers, booleans, arrays and
// plain objects. Chunks written before this, as objects, read as they are.
// Raw records that are strings (a raw .evtx record's XML rendering, an Event XML record) are
// written as a plain array beside the packed text: inside it every quote and newline of the
// XML was escaped, and that stringify was a fifth of a page worker's time on a raw .evtx.
// Chunks packed before this, with the strings inside `packed`, read as they are.
// The events are now stored by shape (`shaped`, see event-shapes.ts): JSON.stringify of every
// event was the largest cost of a page worker on a raw .evtx. Chunks with `packed` read as
// before; a chunk whose raw records must go inside the JSON text is still packed that way.
import { parseJsonExact } from '../case/json-text.ts';
import { shapeable, shapeEvents, unshapeEvents, type Layout } from './event-shapes.ts';
import type { ServiceChunk } from './service-records.ts';

/**
 * A chunk as stored: `shaped` holds the events by shape (event-shapes.ts), or `packed` holds
 * [events] or [events, raws]; with `rawTexts`, the raw records are those texts parsed; with
 * `rawStrings`, the raw records are those strings; with neither (and no raws in `packed`),
 * they are the events. The object arrays stay empty.
 */
export type StoredChunk = ServiceChunk & {
  shaped?: StoredShapes;
  packed?: string;
  rawTexts?: string[];
  rawStrings?: string[];
};

/**
 * Events by shape as stored (event-shapes.ts): the numbers as typed arrays and the strings as
 * they are (IndexedDB copies both as bytes); the other leaves as JSON text, so they read back
 * as JSON.parse gives them, exact integers included.
 */
export interface StoredShapes {
  layouts: Layout[];
  shapes: Int32Array;
  strings: string[];
  refs: Int32Array;
  others: string;
}

export function packChunk(chunk: ServiceChunk): StoredChunk {
  const { texts, ...meta } = chunk;
  const same =
    chunk.raws.length === chunk.events.length && chunk.raws.every((r, i) => r === chunk.events[i]);
  const fromText =
    !same &&
    texts !== undefined &&
    texts.length === chunk.raws.length &&
    texts.every((t) => typeof t === 'string');
  const strings =
    !same &&
    !fromText &&
    chunk.raws.length === chunk.events.length &&
    chunk.raws.every((r) => typeof r === 'string');
  const alone = same || fromText || strings;
  const events = alone && shapeable(chunk.events) ? shapeEvents(chunk.events) : null;
  const shaped: StoredShapes | null = events && {
    layouts: events.layouts,
    shapes: Int32Array.from(events.shapes),
    strings: events.strings,
    refs: Int32Array.from(events.refs),
    others: JSON.stringify(events.others),
  };
  return {
    ...meta,
    events: [],
    raws: [],
    ...(shaped
      ? { shaped }
      : { packed: JSON.stringify(alone ? [chunk.events] : [chunk.events, chunk.raws]) }),
    ...(fromText ? { rawTexts: texts as string[] } : {}),
    ...(strings ? { rawStrings: chunk.raws as string[] } : {}),
  };
}

export function unpackChunk(stored: StoredChunk): ServiceChunk {
  if (stored.packed === undefined && stored.shaped === undefined) return stored;
  const { packed, shaped, rawTexts, rawStrings, ...rest } = stored;
  const [events, raws] =
    shaped !== undefined
      ? [unshapeEvents({ ...shaped, others: parseJsonExact(shaped.others) as unknown[] })]
      : (parseJsonExact(packed!) as [ServiceChunk['events'], unknown[]?]);
  return {
    ...rest,
    events,
    raws: rawStrings ?? (rawTexts ? rawTexts.map((t) => parseJsonExact(t)) : (raws ?? events)),
  };
}
