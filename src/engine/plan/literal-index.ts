// The plan's literal indexes, below its hash of whole values: the literal starts and ends of
// wildcard patterns (`?:\\perflogs\\*.exe`, `*\\mmc.exe`) by the stages that need them, and a
// sketch of the texts of each index that rules most values out before they are sliced or
// hashed.

/** What an index files under a text: the plan's entries (a stage, as one plan tries it). */
export interface Affix<T> {
  readonly byText: Map<string, T[]>;
  /**
   * By the texts' outer character (a prefix's first, a suffix's last): the distinct lengths
   * of the texts with it, longest first. A value is sliced only at lengths whose text could
   * equal it, not at every length of the index (dozens, for `process.name : "*.exe"` and co).
   */
  readonly lengths: Map<number, number[]>;
  /** The texts' sketch by length and inner character (a start's last, an end's first). */
  readonly sketch: Sketch;
  readonly end: boolean;
  /** A start's units skipped before its text (0 for an end). */
  readonly skip: number;
}

/**
 * 1,024 bits, each set by a text's length and a number made of its characters: a text whose
 * bit is clear is none of those marked, and is ruled out before it is sliced out of a longer
 * value or hashed (hashing a fresh string reads all of it; slicing one allocates). A set bit
 * only says "maybe": the map decides.
 */
export type Sketch = Int32Array;

export const newSketch = (): Sketch => new Int32Array(32);

function bitOf(length: number, code: number): number {
  return (Math.imul(length, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) >>> 22;
}

export function mark(sketch: Sketch, length: number, code: number): void {
  const b = bitOf(length, code);
  sketch[b >>> 5] |= 1 << (b & 31);
}

export function has(sketch: Sketch, length: number, code: number): boolean {
  const b = bitOf(length, code);
  return (sketch[b >>> 5] & (1 << (b & 31))) !== 0;
}

export const newAffix = <T>(start: boolean, skip: number): Affix<T> => ({
  byText: new Map(),
  lengths: new Map(),
  sketch: newSketch(),
  end: !start,
  skip,
});

export function file<T>(map: Map<string, T[]>, key: string, s: T): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  if (!list.includes(s)) list.push(s);
}

export function fileAffix<T>(affix: Affix<T>, text: string, s: T): void {
  file(affix.byText, text, s);
  mark(affix.sketch, text.length, text.charCodeAt(affix.end ? 0 : text.length - 1));
  const edge = text.charCodeAt(affix.end ? text.length - 1 : 0);
  let lengths = affix.lengths.get(edge);
  if (!lengths) affix.lengths.set(edge, (lengths = []));
  if (!lengths.includes(text.length)) {
    lengths.push(text.length);
    lengths.sort((a, b) => b - a);
  }
}

/**
 * The literal runs inside `*…*` patterns (`process.command_line : "*-enc*"`), found in a value
 * in one pass however many there are: an Aho–Corasick automaton over UTF-16 units. Built on
 * first use after texts are added.
 */
export class Infixes<T> {
  readonly #byText = new Map<string, T[]>();
  #built: Automaton<T> | null = null;

  add(text: string, entry: T): void {
    file(this.#byText, text, entry);
    this.#built = null;
  }

  /**
   * Puts into `into` the entries of every text the value contains (one list per place a text
   * ends, so an entry maybe twice) and says how many lists it put.
   */
  find(value: string, into: (readonly T[])[]): number {
    const a = (this.#built ??= build(this.#byText));
    const { next, fail, out } = a;
    let state = 0;
    let n = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      let to = next[state].get(c);
      while (to === undefined && state !== 0) {
        state = fail[state];
        to = next[state].get(c);
      }
      state = to ?? 0;
      const found = out[state];
      if (found !== null) into[n++] = found;
    }
    return n;
  }
}

interface Automaton<T> {
  readonly next: Map<number, number>[];
  readonly fail: Int32Array;
  /** Per state, the entries of every text ending there (its own and its suffixes'). */
  readonly out: (T[] | null)[];
}

function build<T>(byText: ReadonlyMap<string, T[]>): Automaton<T> {
  const next: Map<number, number>[] = [new Map()];
  const own: (T[] | null)[] = [null];
  for (const [text, entries] of byText) {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let to = next[state].get(c);
      if (to === undefined) {
        to = next.length;
        next.push(new Map());
        own.push(null);
        next[state].set(c, to);
      }
      state = to;
    }
    // Texts are distinct keys: no other ends in this state.
    own[state] = entries;
  }
  const fail = new Int32Array(next.length);
  const out: (T[] | null)[] = own.slice();
  // Breadth first, so a state's failure target is final before its children need it.
  const queue: number[] = [...next[0].values()];
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q];
    for (const [c, child] of next[state]) {
      let f = fail[state];
      while (f !== 0 && !next[f].has(c)) f = fail[f];
      const target = next[f].get(c);
      fail[child] = target !== undefined && target !== child ? target : 0;
      const inherited = out[fail[child]];
      if (inherited) out[child] = [...(out[child] ?? []), ...inherited];
      queue.push(child);
    }
  }
  return { next, fail, out };
}
