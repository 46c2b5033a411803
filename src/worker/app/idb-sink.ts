// The scan's results into IndexedDB as they arrive.
import type { FieldProfile } from '../../ingest/types.ts';
import type { FileSummary } from '../app-api.ts';
import type { CheckpointData } from './checkpoint.ts';
import type { AlertBody, EventChunk, StoredReport } from './model.ts';
import type { ScanSink } from './scan-request.ts';
import type { Repos } from './repos.ts';
import { isQuotaError } from './file-summary.ts';
import { storedAlert } from './views.ts';

/** A write whose record can be rebuilt later: when storage is full it is let go. */
async function unlessFull(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isQuotaError(error)) throw error;
  }
}

export class IdbSink implements ScanSink {
  constructor(
    private readonly repos: Repos,
    private readonly sessionId: string,
    private readonly now: () => number,
  ) {}

  /**
   * The status of every row of the session: each row this scan writes goes through here, and
   * the first checkpoint adds the rows written before it, so a checkpoint counts the files
   * without reading every row again (a folder of hundreds of files made that a read of every
   * row after each file).
   */
  readonly #statuses = new Map<string, FileSummary['status']>();
  #listed = false;
  /**
   * The alerts as this scan last stored them, by id. A correlation run hands back the very
   * body it built before for an alert that has not changed, so a checkpoint writes only the
   * bodies it has not stored: with hundreds of files, rewriting every alert at each one kept
   * IndexedDB busier than the scan itself.
   */
  readonly #stored = new Map<string, AlertBody>();

  async #putAlerts(alerts: AlertBody[]): Promise<void> {
    const changed = alerts.filter((a) => this.#stored.get(a.id) !== a);
    const ids = alerts.map((a) => a.id);
    await this.repos.alerts.update(this.sessionId, changed.map(storedAlert), ids);
    const keep = new Set(ids);
    for (const id of this.#stored.keys()) if (!keep.has(id)) this.#stored.delete(id);
    for (const a of changed) this.#stored.set(a.id, a);
  }

  async putFile(file: FileSummary, index: number): Promise<void> {
    this.#statuses.set(file.id, file.status);
    await this.repos.files.put({
      ...file,
      index,
      addedAt: this.now(),
      format: file.source,
      eventCount: file.mapped,
    });
  }

  async putChunk(chunk: EventChunk): Promise<void> {
    await this.repos.events.put(chunk);
    this.#chunks.push({ n: chunk.chunkIndex, events: chunk.events.length });
  }

  /** The chunks this scan stored, oldest first: a stop on a full storage may let some go. */
  readonly #chunks: { n: number; events: number }[] = [];
  #swept = false;
  /** Events of the chunks let go (see room.ts). */
  released = 0;

  /**
   * Room for a refused write (room.ts): first what a refused write left is cleared, then the
   * newest chunk this scan stored is removed, one a call; false when none is left.
   */
  readonly makeRoom = async (): Promise<boolean> => {
    if (!this.#swept) {
      this.#swept = true;
      await this.repos.events.sweep(this.sessionId);
      return true;
    }
    const last = this.#chunks.pop();
    if (!last) return false;
    await this.repos.events.deleteChunk(this.sessionId, last.n);
    this.released += last.events;
    return true;
  };

  async dropEvents(): Promise<void> {
    await this.repos.events.deleteAll(this.sessionId);
    await this.repos.sessions.update(this.sessionId, (s) => ({ ...s, storage: 'alerts-only' }));
  }

  async putCheckpoint(data: CheckpointData): Promise<void> {
    if (data.alerts) await this.#putAlerts(data.alerts);
    // The rows say which files there are (the one being read included, as after a reload).
    if (!this.#listed) {
      const rows = await this.repos.files.list(this.sessionId);
      // A row this scan wrote meanwhile keeps the status it wrote last.
      for (const f of rows) if (!this.#statuses.has(f.id)) this.#statuses.set(f.id, f.status);
      this.#listed = true;
    }
    let files = 0;
    for (const status of this.#statuses.values()) if (status !== 'duplicate') files++;
    await this.repos.sessions.update(this.sessionId, (s) => ({
      ...s,
      files,
      events: s.storage === 'full' ? data.events : s.events,
      alerts: data.alerts ? data.alerts.length : s.alerts,
      uncorrelated: data.uncorrelated,
    }));
  }

  async putResults(
    alerts: AlertBody[] | null,
    reports: StoredReport[],
    profile: FieldProfile | null,
  ): Promise<void> {
    // The alerts first: a full disk must not cost them. The rule reports and the field profile
    // are rebuilt by re-running the rules, so a lack of room for them does not fail the scan.
    if (alerts) await this.#putAlerts(alerts);
    await unlessFull(() => this.repos.data.putReports(this.sessionId, reports));
    await unlessFull(() => this.repos.data.putProfile(this.sessionId, profile));
  }
}
