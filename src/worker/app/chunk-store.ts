// Where a reader's storage chunks go: written one after another, behind the reading. Waiting
// for each IndexedDB write before reading on left a page worker idle while the database
// thread wrote; now a reader waits only when its next chunk is full and the one before is
// still being written (so at most one chunk is held beyond the one being built). When the
// storage runs out, events are no longer written and the read goes on for the alerts only.
import { isQuotaError } from './file-summary.ts';
import type { EventChunk } from './model.ts';

export class ChunkStore {
  #storage: 'full' | 'alerts-only' = 'full';
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (chunk: EventChunk) => Promise<void>) {}

  /** 'alerts-only' once a write found the storage full (known for sure after `settled`). */
  get storage(): 'full' | 'alerts-only' {
    return this.#storage;
  }

  /**
   * Starts writing `chunk` once the chunk before is written; resolves when it has started.
   * Rejects with the error of the write before, other than a full storage.
   */
  async add(chunk: EventChunk | null): Promise<void> {
    if (!chunk) return;
    await this.#writing;
    if (this.#storage !== 'full') return;
    this.#writing = this.#put(chunk);
    // Seen by the next add or by settled; not an unhandled rejection meanwhile.
    this.#writing.catch(() => undefined);
  }

  /** Every chunk added is written, or the storage ran out. */
  settled(): Promise<void> {
    return this.#writing;
  }

  async #put(chunk: EventChunk): Promise<void> {
    try {
      await this.write(chunk);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      this.#storage = 'alerts-only';
    }
  }
}
