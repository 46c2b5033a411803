// Event chunks are written to IndexedDB as one JSON text each, not as object graphs.
// IndexedDB copies a value by structured clone on the writing thread, and for chunks of
// thousands of small event objects that walk was the largest single cost of a scan in the
// browser; serializing the same objects with JSON.stringify is cheaper there (bench/app-scan:
// 4.4 s → 3.2 s for 210 MB of ECS NDJSON, 9.4 s → 7.6 s for evtx_dump JSONL). Nothing is lost:
// events come from JSON exports and the ECS mapper writes only strings, finite numbers,
// booleans, arrays and plain objects. Chunks written before this, as objects, read as they are.
import type { ServiceChunk } from './service-records.ts';

/** A chunk as stored: `packed` holds [events] or [events, raws]; the arrays stay empty. */
export type StoredChunk = ServiceChunk & { packed?: string };

export function packChunk(chunk: ServiceChunk): StoredChunk {
  // ECS input is its own raw record: the events are then written once, and shared on reading.
  const same =
    chunk.raws.length === chunk.events.length && chunk.raws.every((r, i) => r === chunk.events[i]);
  return {
    sessionId: chunk.sessionId,
    chunkIndex: chunk.chunkIndex,
    file: chunk.file,
    firstRecord: chunk.firstRecord,
    lines: chunk.lines,
    events: [],
    raws: [],
    packed: JSON.stringify(same ? [chunk.events] : [chunk.events, chunk.raws]),
  };
}

export function unpackChunk(stored: StoredChunk): ServiceChunk {
  if (stored.packed === undefined) return stored;
  const [events, raws] = JSON.parse(stored.packed) as [ServiceChunk['events'], unknown[]?];
  const { packed: _packed, ...rest } = stored;
  return { ...rest, events, raws: raws ?? events };
}
