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
 * A short string that two records share exactly when they are the same event: the Windows
 * identity when the record has a record id, else the record as parsed (or the document).
 * Hashed to 106 bits: a set of a few million keys stays small, and a collision that would
 * drop a real event is out of reach (about 1 in 10^19 for ten million events).
 */
export function recordKey(event: Pick<IngestedEvent, 'doc' | 'raw'>): string {
  const doc = event.doc as Obj;
  const id = scalar(read(doc, 'winlog.record_id', RECORD_ID));
  if (id !== undefined && id !== '') {
    const channel = scalar(read(doc, 'winlog.channel', CHANNEL)) ?? '';
    const computer =
      scalar(read(doc, 'winlog.computer_name', COMPUTER) ?? read(doc, 'host.name', HOST_NAME)) ??
      '';
    const time = scalar(read(doc, '@timestamp', TIMESTAMP)) ?? '';
    return 'w' + hash106(`${channel}\u0000${id}\u0000${computer.toLowerCase()}\u0000${time}`);
  }
  // The record as parsed, not its text: events read back from storage have no text, and a
  // re-indented copy of a record is the same record. A raw .evtx record kept as bytes is its
  // XML text, as when that text was kept.
  const raw = rawRecord(event.raw);
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return 't' + hash106(text ?? JSON.stringify(doc));
}

// Two independent 53-bit hashes (cyrb53 with seeds 0x9e3779b9 and 0x85ebca6b), written in base
// 36. Both run in one pass over the text, and the base 36 is written here: in a page worker the
// two passes and Number#toString(36) were most of a record key's cost (bench/README, issue 13).
const SEED_A = 0x9e3779b9;
const SEED_B = 0x85ebca6b;

function hash106(s: string): string {
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
  return base36(mix53(a1, a2)) + ':' + base36(mix53(b1, b2));
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
  private readonly keys = new Map<string, number>();

  get size(): number {
    return this.keys.size;
  }

  /** True the first time (keeps the record), false for a duplicate (drop and count it). */
  first(key: string, file: number): boolean {
    const seenIn = this.keys.get(key);
    if (seenIn === undefined) {
      this.keys.set(key, file);
      return true;
    }
    return key.charCodeAt(0) === 0x74 /* t */ && seenIn === file;
  }
}
