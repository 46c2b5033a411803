// A column of numbers kept in the narrowest typed array that holds them exactly. The
// correlator's store keeps over a million candidate rows at the end of a large scan, and most
// of its columns hold small whole numbers (file index, stage, record number, byte offset):
// in Float64Array or Int32Array they cost 32 bytes a row; narrow, 19. A value the array cannot
// hold as it is (a NaN, a fraction, one too large or negative) widens the whole column to
// Float64Array once, so every value still comes back exactly as it was put.
// A column may also hold "none" (a candidate without a byte offset): narrow, as a value set
// aside for it (the array's largest, so a real value that large widens the column); wide, as
// NaN. Before, "none" was NaN from the start, and one candidate without an offset made the
// whole column Float64Array.

type Narrow = Int8Array | Uint16Array | Uint32Array;

export class NarrowColumn {
  #values: Narrow | Float64Array;
  /** While narrow, the value that stands for "none" (null: the column holds no "none"). */
  readonly #none: number | null;

  /** `none`: a value of the narrow array set aside to mean "no value" (see `setNone`). */
  constructor(make: (length: number) => Narrow, options: { none?: number } = {}) {
    this.#values = make(0);
    this.#none = options.none ?? null;
  }

  get capacity(): number {
    return this.#values.length;
  }

  get byteLength(): number {
    return this.#values.byteLength;
  }

  get(i: number): number {
    return this.#values[i];
  }

  /** The value at `i` or, in a column with "none", undefined for "none". */
  getOrNone(i: number): number | undefined {
    const v = this.#values[i];
    if (this.#none === null) return v;
    if (this.#values instanceof Float64Array) return Number.isNaN(v) ? undefined : v;
    return v === this.#none ? undefined : v;
  }

  /** In a column with "none", NaN is "none" too (it reads back undefined). */
  set(i: number, value: number): void {
    const values = this.#values;
    values[i] = value;
    // Object.is: NaN reads back equal only from a Float64Array, and -0 is told from 0. A
    // narrow column's "none" stands for itself only once the column is wide.
    if (
      !Object.is(values[i], value) ||
      (value === this.#none && !(values instanceof Float64Array))
    ) {
      this.#widen();
      this.#values[i] = value;
    }
  }

  /** Marks row `i` as holding no value (only in a column made with `none`). */
  setNone(i: number): void {
    if (this.#none === null) throw new Error('this column has no "none"');
    this.#values[i] = this.#values instanceof Float64Array ? Number.NaN : this.#none;
  }

  #widen(): void {
    const values = this.#values;
    const none = this.#none;
    this.#values =
      none === null
        ? Float64Array.from(values)
        : Float64Array.from(values, (v) => (v === none ? Number.NaN : v));
  }

  /** A new array of `capacity` values, the first ones kept. */
  resize(capacity: number): void {
    const values = this.#values;
    const next =
      values instanceof Float64Array
        ? new Float64Array(capacity)
        : new (values.constructor as new (n: number) => Narrow)(capacity);
    next.set(values.subarray(0, Math.min(values.length, capacity)));
    this.#values = next;
  }

  /** The values as an array to read fast in a loop (valid until the next set or resize). */
  view(): ArrayLike<number> {
    return this.#values;
  }
}
