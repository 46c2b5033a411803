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
// ECS input with the text of every record (`eventTexts`): the event is its own raw record,
// parsed from that text and nothing else, so the texts alone are stored and parsed back.
// Shaping 100,000 such events (bench/data/telemetry-100k.ndjson) was the largest cost of a page
// worker's scan after the parse itself; strings copy as bytes. Chunks stored by shape still
// read as before.
// Raw .evtx records are stored as the bytes of their 64 KiB chunks (`evtx`), each event by its
// chunk and offset there, not as their XML texts (src/case/evtx-record.ts): a binary copy is
// a memcpy, and the texts were ~40% of what such a chunk stored. They read back as the same
// references; the worker renders a record's XML when it is shown. Chunks with `rawStrings`
// (the XML texts, stored by earlier builds) read as before.
// Texts that are lines of a plain NDJSON file are stored as a slice of the file (`eventLines`,
// `rawLines`; see file-lines.ts) where the browser keeps its own copy of it (file-copies.ts).
// Chunks with `eventTexts` or `rawTexts` read as before.
import { isEvtxRecordRef, type EvtxRecordRef } from '../case/evtx-record.ts';
import { parseJsonExact } from '../case/json-text.ts';
import { shapeable, shapeEvents, unshapeEvents, type Layout } from './event-shapes.ts';
import { cutLines, sliceLines, type FileLines } from './file-lines.ts';
import type { ServiceChunk } from './service-records.ts';

/**
 * A chunk as stored: `eventTexts` holds the events as the texts they were parsed from (each
 * event is also its raw record), or `eventLines` those texts as a slice of their file, or
 * `shaped` holds the events by shape (event-shapes.ts), or `packed` holds [events] or
 * [events, raws]; with `rawTexts`, the raw records are those texts parsed (`rawLines`: those
 * texts as a slice of their file); with `rawStrings`, the raw records are those strings; with
 * `evtx`, they are raw .evtx records in those chunk bytes; with none (and no raws in
 * `packed`), they are the events. The object arrays stay empty.
 */
export type StoredChunk = Omit<ServiceChunk, 'inFile'> & {
  eventTexts?: string[];
  eventLines?: FileLines;
  rawLines?: FileLines;
  shaped?: StoredShapes;
  packed?: string;
  rawTexts?: string[];
  rawStrings?: string[];
  evtx?: StoredEvtx;
};

/** Raw .evtx records: the chunks they lie in, and per event [chunk number, offset] in `at`. */
export interface StoredEvtx {
  chunks: Uint8Array[];
  at: Int32Array;
}

/** The records as chunk bytes and offsets, or null when not every raw is an .evtx record. */
function evtxRecords(raws: readonly unknown[]): StoredEvtx | null {
  if (raws.length === 0) return null;
  const chunks: Uint8Array[] = [];
  const at = new Int32Array(raws.length * 2);
  let last: Uint8Array | null = null;
  for (let i = 0; i < raws.length; i++) {
    const r = raws[i];
    if (!isEvtxRecordRef(r)) return null;
    // Records come in chunk order: a chunk's records follow one another.
    if (r.evtxChunk !== last) {
      last = r.evtxChunk;
      chunks.push(last);
    }
    at[2 * i] = chunks.length - 1;
    at[2 * i + 1] = r.at;
  }
  return { chunks, at };
}

function evtxRefs({ chunks, at }: StoredEvtx): EvtxRecordRef[] {
  const refs = new Array<EvtxRecordRef>(at.length / 2);
  for (let i = 0; i < refs.length; i++)
    refs[i] = { evtxChunk: chunks[at[2 * i]], at: at[2 * i + 1] };
  return refs;
}

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

/** `inPlace` false: texts are stored as strings even where the chunk has its file's lines. */
export function packChunk(chunk: ServiceChunk, inPlace = true): StoredChunk {
  const { texts, inFile, ...meta } = chunk;
  const same =
    chunk.raws.length === chunk.events.length && chunk.raws.every((r, i) => r === chunk.events[i]);
  const hasTexts = (t: ServiceChunk['texts']): t is string[] =>
    t !== undefined && t.length === chunk.raws.length && t.every((x) => typeof x === 'string');
  // Ingest hands over a record's text only when its raw record is exactly that text parsed.
  const lines =
    inPlace && inFile && hasTexts(texts) ? sliceLines(inFile.source, inFile.offsets, texts) : null;
  if (same && hasTexts(texts)) {
    if (lines) return { ...meta, events: [], raws: [], eventLines: lines };
    return { ...meta, events: [], raws: [], eventTexts: texts };
  }
  const fromText = !same && hasTexts(texts);
  const evtx =
    !same && !fromText && chunk.raws.length === chunk.events.length
      ? evtxRecords(chunk.raws)
      : null;
  const strings =
    !same &&
    !fromText &&
    !evtx &&
    chunk.raws.length === chunk.events.length &&
    chunk.raws.every((r) => typeof r === 'string');
  const alone = same || fromText || strings || evtx !== null;
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
    ...(fromText ? (lines ? { rawLines: lines } : { rawTexts: texts as string[] }) : {}),
    ...(strings ? { rawStrings: chunk.raws as string[] } : {}),
    ...(evtx ? { evtx } : {}),
  };
}

/** A stored chunk as the scan handed it over; its file's lines are read from their slice. */
export async function readChunk(stored: StoredChunk): Promise<ServiceChunk> {
  const { eventLines, rawLines, ...rest } = stored;
  if (eventLines) return unpackChunk({ ...rest, eventTexts: await linesOf(eventLines) });
  if (rawLines) return unpackChunk({ ...rest, rawTexts: await linesOf(rawLines) });
  return unpackChunk(stored);
}

/**
 * A stored chunk's events only, for a reader that never looks at the raw records (the
 * near-miss count after a scan): raw records stored apart from the events (`rawLines`,
 * `rawTexts`, mapped input such as Winlogbeat's or evtx_dump's) are neither read nor parsed,
 * which was as much again as the events. `raws` is then empty.
 */
export async function readChunkEvents(stored: StoredChunk): Promise<ServiceChunk> {
  const { rawLines, rawTexts, ...rest } = stored;
  if (rawLines === undefined && rawTexts === undefined) return readChunk(stored);
  return { ...unpackChunk(rest), raws: [] };
}

async function linesOf({ blob, at }: FileLines): Promise<string[]> {
  return cutLines(new Uint8Array(await blob.arrayBuffer()), at);
}

/** A chunk stored without its file's lines (with them, read it with readChunk). */
export function unpackChunk(stored: StoredChunk): ServiceChunk {
  if (stored.eventLines || stored.rawLines)
    throw new Error('a chunk of file lines is read with readChunk');
  if (stored.eventTexts !== undefined) {
    const { eventTexts, ...rest } = stored;
    const events = eventTexts.map((t) => parseJsonExact(t) as ServiceChunk['events'][number]);
    return { ...rest, events, raws: events };
  }
  if (stored.packed === undefined && stored.shaped === undefined) return stored;
  const { packed, shaped, rawTexts, rawStrings, evtx, ...rest } = stored;
  const [events, raws] =
    shaped !== undefined
      ? [unshapeEvents({ ...shaped, others: parseJsonExact(shaped.others) as unknown[] })]
      : (parseJsonExact(packed!) as [ServiceChunk['events'], unknown[]?]);
  return {
    ...rest,
    events,
    raws:
      rawStrings ??
      (evtx
        ? evtxRefs(evtx)
        : rawTexts
          ? rawTexts.map((t) => parseJsonExact(t))
          : (raws ?? events)),
  };
}
