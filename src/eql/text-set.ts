// A set of texts that turns most other texts away by their length alone: a rule's list of
// names (`process.name : ("cmd.exe", "powershell.exe")`) is asked about every value the
// field takes, command lines and paths of hundreds of characters among them, and a Set must
// hash the whole text (and reach its table) before it can say no.

/** Lengths below this are kept as bits; longer texts share one flag. */
const BITS = 256;

export class TextSet {
  readonly #set = new Set<string>();
  readonly #lengths = new Uint32Array(BITS / 32);
  #long = false;

  add(text: string): void {
    this.#set.add(text);
    const n = text.length;
    if (n < BITS) this.#lengths[n >>> 5] |= 1 << (n & 31);
    else this.#long = true;
  }

  /** Whether a text of this length may be in the set. */
  mayHaveLength(n: number): boolean {
    return n < BITS ? (this.#lengths[n >>> 5] & (1 << (n & 31))) !== 0 : this.#long;
  }

  has(text: string): boolean {
    return this.mayHaveLength(text.length) && this.#set.has(text);
  }

  /**
   * Whether `raw` lower-cased may be in the set, asked before lower-casing it: lower case
   * keeps every UTF-16 length but that of `İ` (U+0130, one unit, `i̇` two).
   */
  mayHaveLower(raw: string): boolean {
    return this.mayHaveLength(raw.length) || (this.#set.size > 0 && raw.includes('\u0130'));
  }

  get size(): number {
    return this.#set.size;
  }
}
