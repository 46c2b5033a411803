// Duplicates in a scan: a file whose bytes the case holds is not read, and an event the case
// holds (from another file or container) is kept and counted once.
import { SeenRecords } from '../../ingest/record-key.ts';
import { unlessAborted } from './abortable.ts';
import { sha256Hex } from './digest.ts';
import type { ScanFile, ScanRequest } from './scan-request.ts';

export class Duplicates {
  /** SHA-256 to the name of the case's file that brought those bytes. */
  private readonly hashes = new Map<string, string>();
  /** The SHA-256 of each file of this scan, once asked for (null: too large to hash). */
  private readonly taken: Promise<string | null>[] = [];
  /** The sizes of the case's hashed files (undefined: not known). */
  private readonly knownSizes = new Set<number | undefined>();
  /** How many of this scan's files have each size. */
  private readonly sizes = new Map<number, number>();
  readonly seen = new SeenRecords();
  /** Per file of the scan, its events that the case held already. */
  readonly events: number[];

  constructor(
    private readonly files: readonly ScanFile[],
    known: ScanRequest['knownFiles'],
    /** The session's index of the scan's file `i`. */
    private readonly indexOf: (i: number) => number,
  ) {
    for (const f of known ?? [])
      if (f.sha256) {
        this.hashes.set(f.sha256, f.name);
        this.knownSizes.add(f.size);
      }
    for (const f of files) this.sizes.set(f.size, (this.sizes.get(f.size) ?? 0) + 1);
    this.events = files.map(() => 0);
  }

  /**
   * Whether file `i` may be the same bytes as another: a file of the case that was hashed, or
   * another of this scan, has its size (or a known file's size is not known).
   */
  mayBeTwin(i: number): boolean {
    const { size } = this.files[i];
    return this.knownSizes.has(undefined) || this.knownSizes.has(size) || this.sizes.get(size)! > 1;
  }

  /** File `i`'s SHA-256, taken once however many ask. */
  hashOf(i: number): Promise<string | null> {
    return (this.taken[i] ??= sha256Hex(this.files[i]));
  }

  /**
   * The name of the file that brought file `i`'s bytes (`sha256`) already: one of the case's,
   * else the first of this scan with them. Files of a scan are read at once, so which of two
   * twins came first is their order in the drop, not which hash ended first. Undefined: none
   * did, or the scan was cancelled meanwhile.
   */
  async twinOf(i: number, sha256: string | null, signal: AbortSignal): Promise<string | undefined> {
    if (sha256 === null) return undefined;
    const known = this.hashes.get(sha256);
    if (known !== undefined) return known;
    const { size } = this.files[i];
    for (let j = 0; j < i; j++) {
      if (this.files[j].size !== size) continue;
      if ((await unlessAborted(this.hashOf(j), signal)) === sha256) return this.files[j].name;
    }
    return undefined;
  }

  /** How many records of file `i` the case held already. */
  readonly eventsOf = (i: number): number => this.events[i];

  /** Of the record keys of a batch of file `i`, the positions of those the case holds. */
  readonly dedupe = (i: number, keys: string[]): number[] => {
    const repeated: number[] = [];
    const file = this.indexOf(i);
    keys.forEach((k, j) => {
      if (!this.seen.first(k, file)) repeated.push(j);
    });
    this.events[i] += repeated.length;
    return repeated;
  };
}
