// The records a CLI scan has seen, as the page's SeenRecords decides (src/ingest/record-key.ts)
// but in 8 bytes a Windows record: for all of Elastic's EQL rules nearly every event is one a
// stage takes, so a million events mean a million keys, and at SeenRecords' 20 bytes a slot
// (106-bit keys, the first file of each) the set cost the scan's peak ~60 MB while it grew.
// A Windows record is a duplicate wherever it comes from, so only the keys known by their
// text need their first file.

/** An open-addressed set of 64-bit fingerprints, `width` words a slot (the third: file + 1). */
class Table {
  #words: Uint32Array;
  #mask: number;
  #used = 0;
  constructor(readonly width: 2 | 3) {
    this.#words = new Uint32Array(width * 1024);
    this.#mask = 1023;
  }

  /**
   * The slot of (high, low), stored with `tag` if it was not there; the slot's offset, negated
   * minus one when just stored. A stored `tag` is never 0 (it marks an empty slot with width 3;
   * with width 2 the fingerprint (0, 0) is kept as (0, 1)).
   */
  find(high: number, low: number, tag: number): number {
    const w = this.#words;
    const width = this.width;
    if (width === 2 && high === 0 && low === 0) low = 1;
    let at = (low ^ Math.imul(high, 0x9e3779b1)) & this.#mask;
    for (;;) {
      const o = at * width;
      const empty = width === 2 ? w[o] === 0 && w[o + 1] === 0 : w[o + 2] === 0;
      if (empty) {
        w[o] = high;
        w[o + 1] = low;
        if (width === 3) w[o + 2] = tag;
        // At most seven eighths full: with hashes this even, linear probing still finds a
        // slot in a few steps, and a million keys fit in 2^20 slots rather than 2^21.
        if (++this.#used * 8 > (this.#mask + 1) * 7) this.#grow();
        return -1 - o;
      }
      if (w[o] === high && w[o + 1] === low) return o;
      at = (at + 1) & this.#mask;
    }
  }

  tagAt(o: number): number {
    return this.#words[o + 2];
  }

  #grow(): void {
    const old = this.#words;
    const width = this.width;
    this.#words = new Uint32Array(old.length * 2);
    this.#mask = this.#mask * 2 + 1;
    this.#used = 0;
    for (let o = 0; o < old.length; o += width) {
      const empty = width === 2 ? old[o] === 0 && old[o + 1] === 0 : old[o + 2] === 0;
      if (!empty) this.find(old[o], old[o + 1], width === 3 ? old[o + 2] : 0);
    }
  }
}

export class RecordFingerprints {
  readonly #windows = new Table(2);
  readonly #texts = new Table(3);

  /**
   * True the first time (keep the record), false for a duplicate: a Windows record seen
   * before, or a record known by its text that another file brought (one file may hold two
   * identical lines that are two events). `print` is recordFingerprint's [high, low, kind].
   */
  first(print: Uint32Array, at: number, file: number): boolean {
    const high = print[at];
    const low = print[at + 1];
    if (print[at + 2] === 0) return this.#windows.find(high, low, 0) < 0;
    const o = this.#texts.find(high, low, file + 1);
    return o < 0 || this.#texts.tagAt(o) === file + 1;
  }
}
