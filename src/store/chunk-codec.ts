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
// Raw .evtx records kept as their place (case/evtx-place.ts) are written as the bytes of
// their .evtx chunks, each once (`rawChunks`), and per event which of them and where in it
// (`rawPlaces`): typed arrays copy as bytes, and a 64 KiB chunk is a fraction of the XML of its
// records. Chunks stored before this, with the XML texts, read as they are.
import { isEvtxPlace, type EvtxPlace } from '../case/evtx-place.ts';
import { parseJsonExact } from '../case/json-text.ts';
import type { ServiceChunk } from './service-records.ts';

/**
 * A chunk as stored: `packed` holds [events] or [events, raws]; with `rawTexts`, the raw
 * records are those texts parsed; with `rawStrings`, the raw records are those strings. With
 * `rawPlaces`, the raw record of event i is, where `rawPlaces[2i]` is not NO_PLACE, its place
 * at `rawPlaces[2i + 1]` in `rawChunks[rawPlaces[2i]]` (and whatever stands at i in the
 * others is a stand-in). The object arrays stay empty.
 */
export type StoredChunk = ServiceChunk & {
  packed?: string;
  rawTexts?: string[];
  rawStrings?: string[];
  rawChunks?: Uint8Array[];
  rawPlaces?: Uint32Array;
};

const NO_PLACE = 0xffffffff;

/** The places among `raws`, as stored; null when there are none. */
function packPlaces(raws: unknown[]): { rawChunks: Uint8Array[]; rawPlaces: Uint32Array } | null {
  let rawPlaces: Uint32Array | null = null;
  const rawChunks: Uint8Array[] = [];
  const numbers = new Map<Uint8Array, number>();
  raws.forEach((raw, i) => {
    if (!isEvtxPlace(raw)) return;
    if (!rawPlaces) rawPlaces = new Uint32Array(raws.length * 2).fill(NO_PLACE);
    let n = numbers.get(raw.evtxChunk);
    if (n === undefined) {
      n = rawChunks.push(raw.evtxChunk) - 1;
      numbers.set(raw.evtxChunk, n);
    }
    rawPlaces[2 * i] = n;
    rawPlaces[2 * i + 1] = raw.at;
  });
  return rawPlaces ? { rawChunks, rawPlaces } : null;
}

export function packChunk(whole: ServiceChunk): StoredChunk {
  const places = packPlaces(whole.raws);
  // In the raws the rest is packed from, places stand as their events when all raws are
  // places (so nothing more is written) and otherwise as empty strings.
  const all = places !== null && whole.raws.every(isEvtxPlace);
  const chunk = places
    ? {
        ...whole,
        raws: whole.raws.map((r, i) => (!isEvtxPlace(r) ? r : all ? whole.events[i] : '')),
      }
    : whole;
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
  return {
    ...meta,
    events: [],
    raws: [],
    packed: JSON.stringify(
      same || fromText || strings ? [chunk.events] : [chunk.events, chunk.raws],
    ),
    ...(fromText ? { rawTexts: texts as string[] } : {}),
    ...(strings ? { rawStrings: chunk.raws as string[] } : {}),
    ...places,
  };
}

export function unpackChunk(stored: StoredChunk): ServiceChunk {
  if (stored.packed === undefined) return stored;
  const { packed, rawTexts, rawStrings, rawChunks, rawPlaces, ...rest } = stored;
  const [events, raws] = parseJsonExact(packed) as [ServiceChunk['events'], unknown[]?];
  const all = rawStrings ?? (rawTexts ? rawTexts.map((t) => parseJsonExact(t)) : (raws ?? events));
  return { ...rest, events, raws: rawPlaces ? withPlaces(all, rawChunks ?? [], rawPlaces) : all };
}

function withPlaces(raws: unknown[], chunks: Uint8Array[], places: Uint32Array): unknown[] {
  return raws.map((raw, i): unknown => {
    const n = places[2 * i];
    return n === NO_PLACE ? raw : ({ evtxChunk: chunks[n], at: places[2 * i + 1] } as EvtxPlace);
  });
}
