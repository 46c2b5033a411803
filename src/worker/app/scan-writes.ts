// A scan's event chunks are written behind the reading, one write after another, and a write
// that storage refuses is asked about once per scan: go on storing alerts only (the events
// stored so far are freed, the files can be re-attached), or stop as a cancel does and keep
// what is stored.
import type { FileSummary } from '../app-api.ts';
import { isQuotaError } from './file-summary.ts';
import type { EventChunk } from './model.ts';
import type { ScanRequest, ScanResult } from './scan-request.ts';

/** On each file's row when a scan went on without storing events. */
export const QUOTA_WARNING =
  'Storage is full: the events of this session are not kept (alerts and their evidence are). ' +
  'To hunt or re-run rules later, attach the original files again.';

export class EventWrites {
  storage: ScanResult['storage'] = 'full';
  /** The user chose to stop when storage was full: nothing more is written. */
  private stopped = false;
  private writes: Promise<void> = Promise.resolve();
  /** Files (session index) with a chunk refused or not written: a stop cuts them short. */
  private readonly unstored = new Set<number>();

  constructor(private readonly req: Pick<ScanRequest, 'sink' | 'signal' | 'onStorageFull'>) {}

  /** A file read to its end is still cut short when the user stopped before all was stored. */
  stoppedShort(row: FileSummary, fileIndex: number): FileSummary {
    return this.stopped && row.status === 'done' && this.unstored.has(fileIndex)
      ? { ...row, status: 'cancelled' }
      : row;
  }

  /** Storage is full: true to go on storing alerts only (the events stored are freed). */
  readonly alertsOnly = async (): Promise<boolean> => {
    if (this.stopped) return false;
    if (this.storage !== 'full') return true;
    if ((await (this.req.onStorageFull?.() ?? 'alerts-only')) === 'stop') {
      this.stopped = true;
      return false;
    }
    this.storage = 'alerts-only';
    await this.req.sink.dropEvents();
    return true;
  };

  /**
   * Writes `chunk` behind the reading: settles once the write before has ended (rejecting
   * with its error, other than a full storage), so a reader holds at most one chunk beyond the
   * one being written. Waiting for each IndexedDB write before reading on left a page worker
   * idle while the database thread wrote. `settled` waits for them all.
   */
  readonly store = (chunk: EventChunk): Promise<void> => {
    const before = this.writes;
    this.writes = before.then(async () => {
      if (this.storage !== 'full' || this.stopped) {
        this.unstored.add(chunk.file);
        return;
      }
      try {
        await this.req.sink.putChunk(chunk);
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        this.unstored.add(chunk.file);
        await this.alertsOnly();
      }
    });
    // Seen by the next store or by settled; not an unhandled rejection meanwhile.
    this.writes.catch(() => undefined);
    return before;
  };

  /** Once cancelled, the scan answers at once: pending writes finish in the background. */
  saved(write: Promise<void>): Promise<void> | undefined {
    return this.req.signal.aborted ? void write.catch(() => undefined) : write;
  }

  /** Every write so far has ended; with `rethrow`, rejects with a write's error. */
  settled(rethrow = false): Promise<void> | undefined {
    const { writes } = this;
    return this.req.signal.aborted
      ? void writes.catch(() => undefined)
      : rethrow
        ? writes
        : writes.catch(() => undefined);
  }
}
