// The identity of one event record, so the same event arriving twice — the same log inside a
// .gz and a .zip, an export overlapping an earlier one — is kept and counted once. A Windows
// event is itself by (channel, record id, computer, time); anything else by its whole text.
import { rawRecord } from './evtx/record-xml.ts';
import type { IngestedEvent } from './types.ts';

type Obj = Record<string, unknown>;

/** A field by its dotted name, or by its parts (`keys`, split once here, not per event). */
function read(doc: Obj, path: string, keys: readonly string[]): unknown {
  if (path in doc) return doc[path];
  let o: unknown = doc;
  for (const k of keys) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Obj)[k];
  }
  return o;
}

const RECORD_ID = ['winlog', 'record_id'];
const CHANNEL = ['winlog', 'channel'];
const COMPUTER = ['winlog', 'computer_name'];
const HOST_NAME = ['host', 'name'];
const TIMESTAMP = ['@timestamp'];

const scalar = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/**
 * What a Windows record is known by, (channel, record id, computer, time), or null for a
 * record without a record id (known by its text: identityText).
 */
function windowsIdentity(doc: Obj): string | null {
  const id = scalar(read(doc, 'winlog.record_id', RECORD_ID));
  if (id === undefined || id === '') return null;
  const channel = scalar(read(doc, 'winlog.channel', CHANNEL)) ?? '';
  const computer =
    scalar(read(doc, 'winlog.computer_name', COMPUTER) ?? read(doc, 'host.name', HOST_NAME)) ?? '';
  const time = scalar(read(doc, '@timestamp', TIMESTAMP)) ?? '';
  return `${channel}\u0000${id}\u0000${computer.toLowerCase()}\u0000${time}`;
}

/**
 * The record as parsed, not its text: events read back from storage have no text, and a
 * re-indented copy of a record is the same record. A raw .evtx record kept as bytes is its
 * XML text, as when that text was kept.
 */
function identityText(event: Pick<IngestedEvent, 'doc' | 'raw'>): string {
  const raw = rawRecord(event.raw);
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return text ?? JSON.stringify(event.doc);
}

/**
 * A short string that two records share exactly when they are the same event: the Windows
 * identity when the record has a record id, else the record as parsed (or the document).
 * Hashed to 106 bits: a set of a few million keys stays small, and a collision that would
 * drop a real event is out of reach (about 1 in 10^19 for ten million events).
 */
export function recordKey(event: Pick<IngestedEvent, 'doc' | 'raw'>): string {
  const windows = windowsIdentity(event.doc as Obj);
  if (windows !== null) {
    hash106(windows);
    return 'w' + base36(hashed[0]) + ':' + base36(hashed[1]);
  }
  hash106(identityText(event));
  return 't' + base36(hashed[0]) + ':' + base36(hashed[1]);
}

/**
 * recordKey's identity as 64 bits and its kind, for sets that hold millions and cannot spend
 * recordKey's 106 (the CLI's: src/cli/record-fingerprints.ts). Writes [high 32 bits, low 32
 * bits, 0 for a Windows record or 1 for one known by its text] at `out[at]`. Two records of
 * a million collide with a chance of about 1 in 3·10^7. With `texts` false, a record known by
 * its text is not hashed (its whole record is most of the cost) and false is returned.
 */
export function recordFingerprint(
  event: Pick<IngestedEvent, 'doc' | 'raw'>,
  out: Uint32Array,
  at: number,
  texts = true,
): boolean {
  const windows = windowsIdentity(event.doc as Obj);
  if (windows === null && !texts) return false;
  hash106(windows ?? identityText(event));
  const a = hashed[0];
  const aHigh = Math.floor(a / TWO_32);
  // The first hash's 53 bits, and 11 of the second's above them.
  out[at] = (aHigh | (hashed[1] << 21)) >>> 0;
  out[at + 1] = a - aHigh * TWO_32;
  out[at + 2] = windows === null ? 1 : 0;
  return true;
}

// Two independent 53-bit hashes (cyrb53 with seeds 0x9e3779b9 and 0x85ebca6b). Both run in one
// pass over the text, and the base 36 is written here: in a page worker the two passes and
// Number#toString(36) were most of a record key's cost (bench/README, issue 13).
const SEED_A = 0x9e3779b9;
const SEED_B = 0x85ebca6b;

/** The two 53-bit hashes of the last text hashed. */
const hashed = new Float64Array(2);

function hash106(s: string): void {
  let a1 = 0xdeadbeef ^ SEED_A;
  let a2 = 0x41c6ce57 ^ SEED_A;
  let b1 = 0xdeadbeef ^ SEED_B;
  let b2 = 0x41c6ce57 ^ SEED_B;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a1 = Math.imul(a1 ^ c, 2654435761);
    a2 = Math.imul(a2 ^ c, 1597334677);
    b1 = Math.imul(b1 ^ c, 2654435761);
    b2 = Math.imul(b2 ^ c, 1597334677);
  }
  hashed[0] = mix53(a1, a2);
  hashed[1] = mix53(b1, b2);
}

/** cyrb53's final mix of its two 32-bit states into a 53-bit integer. */
function mix53(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
/** 36^6: below 2^32, so each half of a 53-bit integer is a small integer. */
const LOW = 2176782336;

/** `n.toString(36)` for an integer 0 ≤ n < 2^53, the same text. */
export function base36(n: number): string {
  const high = Math.floor(n / LOW);
  let low = n - high * LOW;
  let out = '';
  if (high === 0) {
    do {
      out = DIGITS[low % 36] + out;
      low = Math.floor(low / 36);
    } while (low > 0);
    return out;
  }
  for (let i = 0; i < 6; i++) {
    out = DIGITS[low % 36] + out;
    low = Math.floor(low / 36);
  }
  let rest = high;
  do {
    out = DIGITS[rest % 36] + out;
    rest = Math.floor(rest / 36);
  } while (rest > 0);
  return out;
}

/**
 * The records a session has seen, by key and the file that brought each first. A Windows
 * event seen again is a duplicate wherever it comes from; a record known only by its text is
 * a duplicate when another file brought it (one file may hold two identical lines that are
 * two events: without an id nothing tells them apart).
 */
export class SeenRecords {
  // A key of recordKey's form (`w`/`t`, two 53-bit numbers in base 36) is held as its numbers in
  // an open-addressed table of typed arrays: 20 bytes a slot. As strings in a Map, a million
  // keys took ~157 MB of a worker's heap (a 2 GB drop has about that many events); as slots
  // ~30-40 MB. Any other string (none in the app) goes to a Map, with the same answers.
  /** Per slot: [high 21 bits of the first number | kind << 21 | in use << 22, its low 32 bits,
   *  high 21 bits of the second, its low 32 bits]. */
  #slots = new Uint32Array(4 * 1024);
  /** Per slot: the file that brought the key first. */
  #files = new Int32Array(1024);
  #used = 0;
  readonly #others = new Map<string, number>();

  get size(): number {
    return this.#used + this.#others.size;
  }

  /** True the first time (keeps the record), false for a duplicate (drop and count it). */
  first(key: string, file: number): boolean {
    if (!parseKey(key)) {
      const seenIn = this.#others.get(key);
      if (seenIn === undefined) {
        this.#others.set(key, file);
        return true;
      }
      return key.charCodeAt(0) === 0x74 /* t */ && seenIn === file;
    }
    const w0 = parsed[0] | (parsed[4] << 21) | (1 << 22);
    const at = this.#find(w0, parsed[1], parsed[2], parsed[3]);
    if (this.#slots[at * 4] === 0) {
      this.#put(at, w0, parsed[1], parsed[2], parsed[3], file);
      return true;
    }
    return parsed[4] === 1 && this.#files[at] === file;
  }

  /** The slot holding the key, or the empty slot where it goes. */
  #find(w0: number, w1: number, w2: number, w3: number): number {
    const slots = this.#slots;
    const mask = this.#files.length - 1;
    let at = (w1 ^ Math.imul(w3, 0x9e3779b1)) & mask;
    for (;;) {
      const o = at * 4;
      const s0 = slots[o];
      if (s0 === 0) return at;
      if (s0 === w0 >>> 0 && slots[o + 1] === w1 && slots[o + 2] === w2 && slots[o + 3] === w3)
        return at;
      at = (at + 1) & mask;
    }
  }

  #put(at: number, w0: number, w1: number, w2: number, w3: number, file: number): void {
    const o = at * 4;
    this.#slots[o] = w0;
    this.#slots[o + 1] = w1;
    this.#slots[o + 2] = w2;
    this.#slots[o + 3] = w3;
    this.#files[at] = file;
    // Kept at most three quarters full.
    if (++this.#used * 4 > this.#files.length * 3) this.#grow();
  }

  #grow(): void {
    const slots = this.#slots;
    const files = this.#files;
    this.#slots = new Uint32Array(slots.length * 2);
    this.#files = new Int32Array(files.length * 2);
    this.#used = 0;
    for (let i = 0; i < files.length; i++) {
      const o = i * 4;
      if (slots[o] === 0) continue;
      const [w0, w1, w2, w3] = [slots[o], slots[o + 1], slots[o + 2], slots[o + 3]];
      this.#put(this.#find(w0, w1, w2, w3), w0, w1, w2, w3, files[i]);
    }
  }
}

/** The last key parsed: high and low 32 bits of each number, then 1 for `t`, 0 for `w`. */
const parsed = new Uint32Array(5);
const TWO_32 = 2 ** 32;

/**
 * Reads a key of recordKey's form into `parsed`; false for any other string. Only the base 36
 * that `base36` writes is taken (no leading zero, at most 11 digits, below 2^53), so two keys
 * give the same numbers exactly when they are the same string.
 */
function parseKey(key: string): boolean {
  const kind = key.charCodeAt(0);
  if (kind !== 0x77 /* w */ && kind !== 0x74 /* t */) return false;
  const colon = key.indexOf(':', 1);
  if (colon < 0) return false;
  const a = readBase36(key, 1, colon);
  const b = readBase36(key, colon + 1, key.length);
  if (a < 0 || b < 0) return false;
  const aHigh = Math.floor(a / TWO_32);
  const bHigh = Math.floor(b / TWO_32);
  parsed[0] = aHigh;
  parsed[1] = a - aHigh * TWO_32;
  parsed[2] = bHigh;
  parsed[3] = b - bHigh * TWO_32;
  parsed[4] = kind === 0x74 ? 1 : 0;
  return true;
}

/** The number base36 wrote as key[from..to), or -1 when it is not such a number. */
function readBase36(key: string, from: number, to: number): number {
  const n = to - from;
  if (n < 1 || n > 11 || (n > 1 && key.charCodeAt(from) === 0x30)) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = key.charCodeAt(i);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x7a ? c - 0x61 + 10 : -1;
    if (d < 0) return -1;
    value = value * 36 + d;
  }
  return value < 2 ** 53 ? value : -1;
}
