// Ingested events cut into chunks as the app's scan stores them, for tests of the stored form.
import type { IngestedEvent } from '../../src/ingest/types.ts';
import type { ServiceChunk } from '../../src/store/service-records.ts';

/** One file's events (file 0 of session "s") in chunks of `size`, with raws and texts beside. */
export function* scanChunks(
  events: readonly IngestedEvent[],
  size: number,
): Generator<ServiceChunk> {
  for (let at = 0; at < events.length; at += size) {
    const part = events.slice(at, at + size);
    yield {
      sessionId: 's',
      chunkIndex: at / size,
      file: 0,
      firstRecord: at,
      events: part.map((e) => e.doc),
      lines: part.map((e) => e.line),
      raws: part.map((e) => e.raw),
      texts: part.map((e) => e.text),
    };
  }
}
