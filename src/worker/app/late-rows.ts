// A cancel answers at once: it does not wait for the helpers still reading (their reads end
// 0.3-1 s later on a slow machine, and a cancel must stop within a second). A file a helper
// was reading gets a row from what had arrived by then; the helper's own account of what it
// read and stored comes after, and its row replaces the first one.
import type { FileSummary } from '../app-api.ts';
import type { Repos } from './repos.ts';

/** What a helper's read settles with once a cancel has answered for it. */
export interface LateAccount<T> {
  /** The helper's own result, which settles after the cancel. */
  late?: Promise<T>;
}

/** The helper's own result of a read the cancel answered for (`error`), if it has one. */
export function lateOf<T>(error: unknown): Promise<T> | undefined {
  return (error as LateAccount<T> | null)?.late;
}

export interface LateRow {
  /** The file's index in the session. */
  index: number;
  row: FileSummary;
}

/** The late rows of one scan. */
export class LateRows {
  readonly #rows: Promise<LateRow | null>[] = [];

  /** `row` replaces file `index`'s row when it comes; a read that failed keeps the first. */
  add(index: number, row: Promise<FileSummary | null>): void {
    this.#rows.push(row.then((r) => r && { index, row: r }).catch(() => null));
  }

  get pending(): boolean {
    return this.#rows.length > 0;
  }

  /** Every late row that came. */
  async settled(): Promise<LateRow[]> {
    return (await Promise.all(this.#rows)).filter((r) => r !== null);
  }
}

/** How long a session's late rows are waited for at most: a helper that hangs is let go. */
export const LATE_ROWS_WAIT_MS = 5_000;

/** Per session, the writing of a cancelled scan's late rows (in ScanService). */
export class PendingRows {
  readonly #writes = new Map<string, Promise<void>>();

  set(sessionId: string, write: Promise<void>): void {
    const done = write.catch(() => undefined);
    this.#writes.set(sessionId, done);
    void done.then(() => {
      if (this.#writes.get(sessionId) === done) this.#writes.delete(sessionId);
    });
  }

  /** Settles once the session's late rows are written, or after LATE_ROWS_WAIT_MS; true if any were. */
  async written(sessionId: string, waitMs = LATE_ROWS_WAIT_MS): Promise<boolean> {
    const write = this.#writes.get(sessionId);
    if (!write) return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      write,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]).finally(() => clearTimeout(timer));
    return true;
  }
}

/** Where late rows go: the scan's sink, and the session's count of stored events. */
export interface LateRowsStore {
  putFile(row: FileSummary, index: number): Promise<void>;
}

/**
 * Writes a cancelled scan's late rows; the session's event count is then what is stored (a
 * helper stored a last chunk after the cancel answered), as a settled cancel counts it.
 */
export async function writeLateRows(
  repos: Pick<Repos, 'events' | 'sessions'>,
  sink: LateRowsStore,
  late: Promise<LateRow[]>,
): Promise<void> {
  const rows = await late;
  if (!rows.length) return;
  for (const { row, index } of rows) await sink.putFile(row, index);
  const sessionId = rows[0].row.sessionId;
  const events = await repos.events.count(sessionId);
  await repos.sessions.update(sessionId, (s) => ({
    ...s,
    events: s.storage === 'full' ? events : s.events,
  }));
}
