// A column of numbers kept in the narrowest typed array that holds them exactly. The
// correlator's store keeps over a million candidate rows at the end of a large scan, and most
// of its columns hold small whole numbers (file index, stage, record number, byte offset):
// in Float64Array or Int32Array they cost 32 bytes a row; narrow, 19. A value the array cannot
// hold as it is (a NaN, a fraction, one too large or negative) widens the whole column to
// Float64Array once, so every value still comes back exactly as it was put.

type Narrow = Int8Array | Uint16Array | Uint32Array;

export class NarrowColumn {
  #values: Narrow | Float64Array;

  constructor(make: (length: number) => Narrow) {
    this.#values = make(0);
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

  set(i: number, value: number): void {
    const values = this.#values;
    values[i] = value;
    // Object.is: NaN reads back equal only from a Float64Array, and -0 is told from 0.
    if (!Object.is(values[i], value)) {
      this.#values = Float64Array.from(values);
      this.#values[i] = value;
    }
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
