// The join-key arrays candidates hold. Join keys repeat endlessly (a few hundred hosts over
// millions of events): candidates share one array per single key instead of holding a copy
// each. When the map is full it starts afresh, so the keys of the events at hand are shared
// (several rules keying on `process.entity_id` meet the same unique key together), not only
// the first 100k seen.
//
// A small cache sits before the map, its slot chosen by a few of the key's characters: a key
// met lately (this event's other stages, the same process's last events) is found by
// comparing it with one string, without hashing it whole and reaching a cold entry of the
// map (each event's keys are fresh strings). Its arrays are the map's: sharing is as before.

/** Slots of the cache: 2 ** 14, slotOf's range. */
const SLOTS = 16384;

/** A slot for a key, from its length and characters near its end and start (ids vary there). */
function slotOf(key: string): number {
  const n = key.length;
  let h = n;
  h = (h * 31 + key.charCodeAt(n > 2 ? n - 3 : 0)) | 0;
  h = (h * 31 + key.charCodeAt(n > 4 ? n - 5 : 0)) | 0;
  h = (h * 31 + key.charCodeAt(n > 7 ? n - 8 : 0)) | 0;
  h = (h * 31 + key.charCodeAt(n > 11 ? n - 12 : 0)) | 0;
  h = (h * 31 + key.charCodeAt(n > 16 ? n - 17 : 0)) | 0;
  h = (h * 31 + key.charCodeAt(n > 3 ? 3 : 0)) | 0;
  h ^= h >>> 13;
  return Math.imul(h, 0x5bd1e995) >>> 18;
}

export class KeyArrays {
  readonly #map = new Map<string, readonly string[]>();
  readonly #mapSize: number;
  readonly #slotKeys: string[] = new Array<string>(SLOTS).fill('');
  readonly #slotArrays: (readonly string[])[] = new Array<readonly string[]>(SLOTS).fill([]);

  /** `mapSize`: keys remembered before starting afresh. */
  constructor(mapSize: number) {
    this.#mapSize = mapSize;
  }

  /** The shared array of one key. */
  single(key: string): readonly string[] {
    const slot = slotOf(key);
    if (this.#slotKeys[slot] === key) return this.#slotArrays[slot];
    let keys = this.#map.get(key);
    if (!keys) {
      keys = [flat(key)];
      this.#remember(keys);
    }
    this.#slotKeys[slot] = keys[0];
    this.#slotArrays[slot] = keys;
    return keys;
  }

  /** `keys`, or the shared array equal to it when it has one key. */
  shared(keys: readonly string[]): readonly string[] {
    if (keys.length !== 1) return keys;
    const known = this.#map.get(keys[0]);
    if (known) return known;
    this.#remember(keys);
    return keys;
  }

  #remember(keys: readonly string[]): void {
    if (this.#map.size >= this.#mapSize) this.#map.clear();
    this.#map.set(keys[0], keys);
  }
}

/**
 * The key as one flat string. JSON.stringify hands back text over 32 characters as a pair of
 * strings joined (a key `["<uuid>"]` costs ~104 bytes that way, ~64 flat), and a large rule
 * set holds a million such keys until the end. `normalize` copies one-byte text flat and
 * unchanged; text it would change is kept as it is.
 */
function flat(key: string): string {
  const copy = key.normalize();
  return copy === key ? copy : key;
}
