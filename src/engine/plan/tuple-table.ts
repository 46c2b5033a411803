// Distinct tuples of small integers (value numbers, see ValueIds), each numbered 0, 1, 2… in the
// order first seen: an open-addressing hash table over typed arrays. The near-miss memos look
// up one tuple per memo per event, a hundred times per event with a large rule set; a Map
// keyed on a packed number or a joined string cost a string per event for three fields or
// more, and its hashing. Here a tuple is hashed and compared where it lies, nothing allocated.

/** Slots per entry at most, before the slots double (a load factor of one half). */
const LOAD = 2;

export class TupleTable {
  readonly arity: number;
  /** Entry e's tuple at [e * arity, (e + 1) * arity). */
  #keys: Int32Array;
  /** Per slot, its entry + 1; 0 for an empty slot. Length a power of two. */
  #slots: Int32Array;
  #size = 0;
  /** Entries the key array has room for. */
  #entries: number;

  constructor(arity: number, capacity = 16) {
    this.arity = arity;
    const entries = Math.max(2, capacity);
    this.#entries = entries;
    this.#keys = new Int32Array(entries * Math.max(1, arity));
    let slots = 4;
    while (slots < entries * LOAD) slots *= 2;
    this.#slots = new Int32Array(slots);
  }

  /** How many distinct tuples it holds; entries are 0 … size - 1. */
  get size(): number {
    return this.#size;
  }

  /** The entry of the tuple in `key`'s first `arity` values, added when new (see `size`). */
  intern(key: Int32Array): number {
    const n = this.arity;
    const h = hashOf(key, 0, n);
    const slots = this.#slots;
    const mask = slots.length - 1;
    const keys = this.#keys;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = slots[i];
      if (s === 0) break;
      const e = s - 1;
      let same = true;
      for (let j = 0, at = e * n; j < n; j++, at++)
        if (keys[at] !== key[j]) {
          same = false;
          break;
        }
      if (same) return e;
    }
    return this.#add(key, h);
  }

  /** The tuple of entry `e`, for reading (a view, valid until the next `intern`). */
  tuple(e: number): Int32Array {
    return this.#keys.subarray(e * this.arity, (e + 1) * this.arity);
  }

  /** Forgets every tuple; the arrays keep their size. */
  clear(): void {
    this.#size = 0;
    this.#slots.fill(0);
  }

  #add(key: Int32Array, h: number): number {
    const e = this.#size++;
    const n = this.arity;
    if (e >= this.#entries) {
      this.#entries *= 2;
      const keys = new Int32Array(this.#entries * Math.max(1, n));
      keys.set(this.#keys);
      this.#keys = keys;
    }
    for (let j = 0; j < n; j++) this.#keys[e * n + j] = key[j];
    if (this.#size * LOAD > this.#slots.length) this.#grow();
    else this.#place(e, h);
    return e;
  }

  #place(e: number, h: number): void {
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = h & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }

  /** Doubles the slots and places every entry again. */
  #grow(): void {
    const n = this.arity;
    this.#slots = new Int32Array(this.#slots.length * 2);
    for (let e = 0; e < this.#size; e++) this.#place(e, hashOf(this.#keys, e * n, n));
  }
}

/** A 32-bit hash of `keys[at … at + n)`, well mixed in its low bits. */
function hashOf(keys: Int32Array, at: number, n: number): number {
  let h = Math.imul(n + 1, 0x9e3779b1);
  for (let j = at; j < at + n; j++) {
    h = Math.imul(h ^ keys[j], 0x85ebca6b);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 13);
}
