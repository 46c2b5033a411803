// Checkpoints of a running scan: whenever a file's reading ends, the alerts of every finished
// file (and the session's earlier files) are saved with the session's counts, so a reload, a
// closed tab or a dead worker loses no finished file's alerts, and the counts the session
// shows are what is stored.
//
// What is saved is the correlation of the finished files alone, exactly what a scan of just
// those files would have given: a single-event rule's alerts in them are final, and a
// sequence (or threshold, new terms) is found across every finished file. A sequence that
// needs a file still being read is not in a checkpoint; the end of the scan (or Keep, or
// Resume, after an interruption) correlates everything and replaces the checkpoint.
import type { AlertBody } from './model.ts';

export interface CheckpointData {
  /** Null: the stored alerts stay as they are (only the counts and coverage are written). */
  alerts: AlertBody[] | null;
  /** Events stored for the final files: the earlier files' and this scan's finished ones. */
  events: number;
  /** This scan's file indexes whose events the saved alerts do not cover yet. */
  uncorrelated: number[];
}

export interface CheckpointOptions {
  /** The file indexes this scan reads: none is final before its reading ends. */
  indexes: readonly number[];
  /** Events of the session's earlier files (stored before this scan). */
  eventsBefore: number;
  /** The correlation of the files `final` accepts; null when it cannot be made (too big). */
  correlate(final: (file: number) => boolean): AlertBody[] | null;
  /** Whether every candidate read so far is from a final file (the preview then equals it). */
  allFinal(final: (file: number) => boolean): boolean;
  save(data: CheckpointData): Promise<void>;
  /** Told the checkpoint's alerts when they are also the provisional alerts of the scan. */
  onPreview?: (alerts: AlertBody[]) => void;
  now?: () => number;
}

/**
 * A checkpoint whose correlation took this long waits this many times its cost before the
 * next. Only one is saved at a time: files that end meanwhile are taken when it lands.
 */
const SHARE = 10;
/** A checkpoint this quick may run after every file. */
const CHEAP_MS = 20;

export class Checkpoints {
  readonly #options: CheckpointOptions;
  readonly #open: Set<number>;
  /** Finished files the last saved checkpoint does not cover yet. */
  readonly #unsaved = new Set<number>();
  #events = 0;
  #saving: Promise<void> = Promise.resolve();
  /** A checkpoint is being saved: the next one waits for it to land. */
  #busy = false;
  #cost = 0;
  #at = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** How many alerts the last checkpoint saved; null before one saved any. */
  saved: number | null = null;
  /**
   * The alerts stored by the last checkpoint that landed with alerts (null before one did, or
   * once one failed): the end of the scan does not write the same alerts again.
   */
  stored: readonly AlertBody[] | null = null;

  constructor(options: CheckpointOptions) {
    this.#options = options;
    this.#open = new Set(options.indexes);
    this.#events = options.eventsBefore;
  }

  /** Saves that nothing of this scan is covered yet, before any file is read. */
  start(): Promise<void> {
    return this.#queue({ alerts: null, events: this.#events, uncorrelated: [...this.#open] });
  }

  /**
   * A file's reading ended for good (done, in error, a duplicate): its alerts are final.
   * Returns whether the checkpoint also gave the scan's provisional alerts.
   */
  fileDone(index: number, events: number): boolean {
    if (this.#closed || !this.#open.delete(index)) return false;
    this.#events += events;
    this.#unsaved.add(index);
    return this.#due();
  }

  #due(): boolean {
    // Saves queued behind one another once filled the database with checkpoints of a folder
    // of small files, each delaying the next file's writes: the save's end takes the files
    // that ended meanwhile, together. Its time is not counted as cost: the database writes it
    // while this thread reads on, and a finished file's alerts should not wait for long.
    if (this.#busy) return false;
    const now = this.#options.now ?? (() => performance.now());
    const wait = this.#cost > CHEAP_MS ? SHARE * this.#cost : 0;
    const left = this.#at + wait - now();
    if (left <= 0) return this.#take();
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      if (!this.#closed && this.#unsaved.size) this.#take();
    }, left);
    return false;
  }

  #take(): boolean {
    const now = this.#options.now ?? (() => performance.now());
    const t = now();
    const final = (file: number) => !this.#open.has(file);
    const alerts = this.#options.correlate(final);
    this.#at = now();
    this.#cost = this.#at - t;
    if (!alerts) return false;
    this.#unsaved.clear();
    this.saved = alerts.length;
    this.#busy = true;
    const written = this.#queue({ alerts, events: this.#events, uncorrelated: [...this.#open] });
    void written.then(() => {
      this.#busy = false;
      if (!this.#closed && this.#unsaved.size) this.#due();
    });
    if (!this.#options.onPreview || !this.#options.allFinal(final)) return false;
    this.#options.onPreview(alerts);
    return true;
  }

  #queue(data: CheckpointData): Promise<void> {
    const uncorrelated = [...new Set([...data.uncorrelated, ...this.#unsaved])].sort(
      (a, b) => a - b,
    );
    // A checkpoint is an early copy: when it cannot be written (storage full), the end of the
    // scan writes the same alerts again and reports its own failure.
    this.#saving = this.#saving
      .then(() => this.#options.save({ ...data, uncorrelated }))
      .then(
        () => {
          if (data.alerts) this.stored = data.alerts;
        },
        () => {
          this.stored = null;
        },
      );
    return this.#saving;
  }

  /** No checkpoint after this one; settles once the last save has landed. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    return this.#saving;
  }
}
