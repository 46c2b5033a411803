// A session's normalized events, in chunks of a few thousand, read back one chunk at a time
// so hunting and re-running never need every event in memory at once as records.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';
import { packChunk, unpackChunk, type StoredChunk } from './chunk-codec.ts';
import type { ServiceChunk } from './service-records.ts';
import { committed } from './write.ts';

/** Chunk numbers are `file index × CHUNKS_PER_FILE + n` (src/worker/app/chunker.ts). */
const CHUNKS_PER_FILE = 1_000_000;

export class EventRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  /** Rejects with QuotaExceededError when the browser has no room for the chunk. */
  async put(chunk: ServiceChunk): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite');
    await committed(tx, [tx.store.put(packChunk(chunk))]);
  }

  async chunkNumbers(sessionId: string): Promise<number[]> {
    const keys = await this.db.getAllKeys(
      'events',
      IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]),
    );
    return keys.map(([, n]) => n);
  }

  async nextChunk(sessionId: string): Promise<number> {
    const numbers = await this.chunkNumbers(sessionId);
    return numbers.length ? Math.max(...numbers) + 1 : 0;
  }

  async *chunks(sessionId: string): AsyncGenerator<ServiceChunk> {
    for (const n of await this.chunkNumbers(sessionId)) {
      const chunk = (await this.db.get('events', [sessionId, n])) as StoredChunk | undefined;
      if (chunk) yield unpackChunk(chunk);
    }
  }

  /** One stored chunk by its number (the timeline fetches just the chunks a window needs). */
  async chunk(sessionId: string, n: number): Promise<ServiceChunk | undefined> {
    const chunk = (await this.db.get('events', [sessionId, n])) as StoredChunk | undefined;
    return chunk ? unpackChunk(chunk) : undefined;
  }

  /** The chunks of one file (its index among the session's files). */
  async deleteFile(sessionId: string, fileIndex: number): Promise<void> {
    await this.db.delete(
      'events',
      IDBKeyRange.bound(
        [sessionId, fileIndex * CHUNKS_PER_FILE],
        [sessionId, (fileIndex + 1) * CHUNKS_PER_FILE - 1],
      ),
    );
  }

  /** Events stored for the session, counted from the chunks themselves. */
  async count(sessionId: string): Promise<number> {
    let n = 0;
    for await (const c of this.chunks(sessionId)) n += c.events.length;
    return n;
  }

  async deleteAll(sessionId: string): Promise<void> {
    await this.db.delete(
      'events',
      IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]),
    );
  }
}
