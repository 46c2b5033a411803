// Scan progress as the UI shows it, throttled: a message at most every 100 ms (plus the
// phase changes), so a fast scan never floods the page with updates. News that must arrive
// (a file begins or ends) waits for the next slot rather than going at once: a folder of
// hundreds of small files ends several files every 100 ms, and a message for each, with
// every file's row in it, kept the page's main thread busy for the whole scan.
import type { FileProgress, ScanProgress } from '../app-api.ts';

export const PROGRESS_INTERVAL_MS = 100;

export class ProgressMeter {
  readonly files: FileProgress[];
  alerts = 0;
  phase: ScanProgress['phase'] = 'reading';
  readonly #started: number;
  #lastSent = -Infinity;
  #trailing: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(
    readonly scanId: string,
    files: FileProgress[],
    private readonly send: (p: ScanProgress) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.files = files;
    this.#started = now();
  }

  get elapsedMs(): number {
    return this.now() - this.#started;
  }

  snapshot(): ScanProgress {
    const elapsedMs = this.elapsedMs;
    let bytesRead = 0;
    let bytesTotal = 0;
    let events = 0;
    for (const f of this.files) {
      bytesRead += f.bytesRead;
      bytesTotal += f.size;
      events += f.events;
    }
    const rate = elapsedMs > 0 ? bytesRead / elapsedMs : 0;
    const reading = this.phase === 'reading';
    return {
      scanId: this.scanId,
      files: this.files.map((f) => ({ ...f })),
      bytesRead,
      bytesTotal,
      events,
      eventsPerSecond: elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0,
      elapsedMs: Math.round(elapsedMs),
      etaMs: reading
        ? rate > 0
          ? Math.max(0, Math.round((bytesTotal - bytesRead) / rate))
          : null
        : 0,
      alerts: this.alerts,
      phase: this.phase,
    };
  }

  /**
   * Reports when the last report is old enough. With `force` the news is not dropped: when
   * too soon, a report follows once the interval has passed.
   */
  tick(force = false): void {
    const wait = PROGRESS_INTERVAL_MS - (this.now() - this.#lastSent);
    if (wait <= 0) this.#report();
    else if (force)
      this.#trailing ??= setTimeout(() => {
        this.#trailing = null;
        this.#report();
      }, wait);
  }

  /** A new phase is reported at once (the last one, 'done', ends the reports). */
  setPhase(phase: ScanProgress['phase']): void {
    this.phase = phase;
    this.#report();
  }

  /** No report after this one (a pending one is dropped). */
  close(): void {
    if (this.#trailing) clearTimeout(this.#trailing);
    this.#trailing = null;
    this.#closed = true;
  }

  #report(): void {
    if (this.#closed) return;
    if (this.#trailing) clearTimeout(this.#trailing);
    this.#trailing = null;
    this.#lastSent = this.now();
    try {
      this.send(this.snapshot());
    } catch {
      // A page that went away must not break the scan that is saving its results.
    }
  }
}
