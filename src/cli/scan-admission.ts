// The same event read twice — two exports that overlap, one log in two containers — is
// counted once, as the page counts it (src/worker/app/scan-duplicates.ts). An event no stage
// takes changes no result, so only the events some stage takes are keyed (the Collector's
// `admit`): few for the built-in rules, nearly all for Elastic's 954 EQL rules, whose keys are
// held as 64-bit fingerprints (record-fingerprints.ts). The one difference from the page: of
// two copies of a record that differ in content, where only the later one matches a stage,
// the page keeps the earlier one and the CLI the later one.
import { recordFingerprint } from '../ingest/record-key.ts';
import type { IngestedEvent } from '../ingest/types.ts';
import { RecordFingerprints } from './record-fingerprints.ts';

/** In one thread: each event a stage takes is checked at once against those before it. */
export class Admission {
  readonly #seen = new RecordFingerprints();
  readonly #print = new Uint32Array(3);
  /** The event being offered to the collector, and its file. */
  event: IngestedEvent | null = null;
  file = 0;
  /** Per file, the events dropped as ones already read. */
  readonly duplicates: number[] = [];

  constructor(
    /** Whether records known by their text are keyed: only another file can repeat them. */
    private readonly texts: boolean,
  ) {}

  readonly admit = (): boolean => {
    if (!recordFingerprint(this.event!, this.#print, 0, this.texts)) return true;
    if (this.#seen.first(this.#print, 0, this.file)) return true;
    this.duplicates[this.file] = (this.duplicates[this.file] ?? 0) + 1;
    return false;
  };
}

/**
 * The events of a unit that a stage took: their record numbers within the unit and, three
 * words each, their fingerprints (recordFingerprint).
 */
export interface UnitKeys {
  readonly records: Int32Array;
  readonly prints: Uint32Array;
}

/**
 * In a worker thread, which cannot know what other units hold: each event a stage takes is
 * admitted and its fingerprint noted for the thread that gathers the units in file order
 * (UnitChecks). A unit found to hold duplicates is collected again with them skipped.
 */
export class UnitAdmission {
  event: IngestedEvent | null = null;
  /** The event's record number within the unit. */
  record = 0;
  #skip: ReadonlySet<number> | null = null;
  #records = new Int32Array(1024);
  #prints = new Uint32Array(3 * 1024);
  #count = 0;
  #texts = true;

  /**
   * A unit begins: `skip` are the records to drop when it is collected again; `texts`, whether
   * records known by their text are keyed (only another file can repeat them).
   */
  start(skip: readonly number[] | undefined, texts: boolean): void {
    this.#skip = skip ? new Set(skip) : null;
    this.#texts = texts;
    this.#count = 0;
  }

  /** The fingerprints noted since `start` (none when the unit was collected again). */
  take(): UnitKeys | undefined {
    if (this.#skip !== null) return undefined;
    const n = this.#count;
    this.#count = 0;
    return { records: this.#records.slice(0, n), prints: this.#prints.slice(0, 3 * n) };
  }

  readonly admit = (): boolean => {
    // Collected again: its fingerprints were checked the first time.
    if (this.#skip !== null) return !this.#skip.has(this.record);
    const n = this.#count;
    if (n === this.#records.length) {
      const records = new Int32Array(2 * n);
      records.set(this.#records);
      this.#records = records;
      const prints = new Uint32Array(6 * n);
      prints.set(this.#prints);
      this.#prints = prints;
    }
    if (!recordFingerprint(this.event!, this.#prints, 3 * n, this.#texts)) return true;
    this.#records[n] = this.record;
    this.#count++;
    return true;
  };
}

/** In the gathering thread: units' fingerprints checked in file order, as one thread would. */
export class UnitChecks {
  readonly #seen = new RecordFingerprints();
  /** Per file, the events dropped as ones already read. */
  readonly duplicates: number[] = [];

  /** The records of a unit of `file` that earlier units or records already brought. */
  check(file: number, unit: UnitKeys): number[] {
    const skip: number[] = [];
    for (let i = 0; i < unit.records.length; i++)
      if (!this.#seen.first(unit.prints, 3 * i, file)) skip.push(unit.records[i]);
    if (skip.length) this.duplicates[file] = (this.duplicates[file] ?? 0) + skip.length;
    return skip;
  }
}
