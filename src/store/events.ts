// A session's normalized events, in chunks of a few thousand, read back one chunk at a time
// so hunting and re-running never need every event in memory at once as records.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';
import { packChunk, readChunk, readChunkEvents, type StoredChunk } from './chunk-codec.ts';
import { storesFileCopies } from './file-copies.ts';
import type { ServiceChunk } from './service-records.ts';
import { chunkPlacesKey, chunkPlacesRange } from './session-data.ts';
import { committed } from './write.ts';

/** Chunk numbers are `file index × CHUNKS_PER_FILE + n` (src/worker/app/chunker.ts). */
const CHUNKS_PER_FILE = 1_000_000;

/**
 * What a caller keeps of each chunk beside it (the worker's timeline: each event's time, host
 * and category), or undefined for nothing. The store only keeps it; it never reads it.
 */
export type ChunkPlaces = (chunk: ServiceChunk) => unknown;

export class EventRepository {
  constructor(
    private readonly db: IDBPDatabase<SequentSchema>,
    private readonly describe?: ChunkPlaces,
  ) {}

  /**
   * Stores the chunk and, in the same transaction, its places (or removes older places of the
   * same chunk number): places never describe another chunk than the one stored.
   * Rejects with QuotaExceededError when the browser has no room for the chunk.
   */
  async put(chunk: ServiceChunk): Promise<void> {
    if (!chunk.inFile || !(await storesFileCopies(this.db))) return this.#put(chunk, false);
    try {
      await this.#put(chunk, true);
    } catch (error) {
      // A chunk of a file's lines copies the file's bytes as it commits: a file changed or
      // removed since it was read fails that copy (Chromium: DataError, "Failed to write
      // blobs"), not the scan. Its texts are still at hand. A full disk stays the caller's.
      if ((error as Error | null)?.name === 'QuotaExceededError') throw error;
      await this.#put(chunk, false);
    }
  }

  async #put(chunk: ServiceChunk, inPlace: boolean): Promise<void> {
    const places = this.describe?.(chunk);
    const key = chunkPlacesKey(chunk.sessionId, chunk.chunkIndex);
    const tx = this.db.transaction(['events', 'kv'], 'readwrite');
    const kv = tx.objectStore('kv');
    await committed(tx, [
      tx.objectStore('events').put(packChunk(chunk, inPlace)),
      places === undefined ? kv.delete(key) : kv.put({ key, value: places, updatedAt: Date.now() }),
    ]);
  }

  /** The places stored beside chunks `numbers` (undefined where none were). */
  async places(sessionId: string, numbers: readonly number[]): Promise<unknown[]> {
    const tx = this.db.transaction('kv');
    const values = await Promise.all(
      numbers.map((n) => tx.store.get(chunkPlacesKey(sessionId, n)).then((r) => r?.value)),
    );
    await tx.done;
    return values;
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
      if (chunk) yield await readChunk(chunk);
    }
  }

  /** One stored chunk by its number (the timeline fetches just the chunks a window needs). */
  async chunk(sessionId: string, n: number): Promise<ServiceChunk | undefined> {
    const chunk = (await this.db.get('events', [sessionId, n])) as StoredChunk | undefined;
    return chunk ? readChunk(chunk) : undefined;
  }

  /** One stored chunk's events, its raw records not read (`raws` empty: readChunkEvents). */
  async chunkEvents(sessionId: string, n: number): Promise<ServiceChunk | undefined> {
    const chunk = (await this.db.get('events', [sessionId, n])) as StoredChunk | undefined;
    return chunk ? readChunkEvents(chunk) : undefined;
  }

  /** The chunks of one file (its index among the session's files). */
  async deleteFile(sessionId: string, fileIndex: number): Promise<void> {
    const [first, last] = [fileIndex * CHUNKS_PER_FILE, (fileIndex + 1) * CHUNKS_PER_FILE - 1];
    const tx = this.db.transaction(['events', 'kv'], 'readwrite');
    await committed(tx, [
      tx.objectStore('events').delete(IDBKeyRange.bound([sessionId, first], [sessionId, last])),
      tx.objectStore('kv').delete(chunkPlacesRange(sessionId, first, last)),
    ]);
  }

  /**
   * Commits a delete of a chunk that never exists. Chromium keeps counting a write it refused
   * for lack of room against the quota (its copy of a file's bytes) until a later commit
   * clears it; with every write refused, a delete is the commit that can (seen in
   * tests/browser/app-storage-full.spec.ts, 1 run in ~30).
   */
  async sweep(sessionId: string): Promise<void> {
    await this.deleteChunk(sessionId, -1);
  }

  /** Removes one chunk and its places (room for a stopped scan's records: room.ts). */
  async deleteChunk(sessionId: string, n: number): Promise<void> {
    const tx = this.db.transaction(['events', 'kv'], 'readwrite');
    await committed(tx, [
      tx.objectStore('events').delete([sessionId, n]),
      tx.objectStore('kv').delete(chunkPlacesKey(sessionId, n)),
    ]);
  }

  /**
   * Events stored for the session, counted from the chunks themselves: by each chunk's lines
   * (one per event), its events neither read from their file slice nor parsed. A count after
   * a cancel read and parsed every stored event of the case again.
   */
  async count(sessionId: string): Promise<number> {
    let n = 0;
    for (const number of await this.chunkNumbers(sessionId)) {
      const chunk = (await this.db.get('events', [sessionId, number])) as StoredChunk | undefined;
      if (chunk)
        n += Array.isArray(chunk.lines)
          ? chunk.lines.length
          : (await readChunk(chunk)).events.length;
    }
    return n;
  }

  async deleteAll(sessionId: string): Promise<void> {
    const tx = this.db.transaction(['events', 'kv'], 'readwrite');
    await committed(tx, [
      tx
        .objectStore('events')
        .delete(IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity])),
      tx.objectStore('kv').delete(chunkPlacesRange(sessionId)),
    ]);
  }
}
