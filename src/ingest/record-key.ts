// The identity of one event record, so the same event arriving twice — the same log inside a
// .gz and a .zip, an export overlapping an earlier one — is kept and counted once. A Windows
// event is itself by (channel, record id, computer, time); anything else by its whole text.
import type { IngestedEvent } from './types.ts';

type Obj = Record<string, unknown>;

function read(doc: Obj, path: string): unknown {
  if (path in doc) return doc[path];
  let o: unknown = doc;
  for (const k of path.split('.')) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Obj)[k];
  }
  return o;
}

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
  const id = scalar(read(doc, 'winlog.record_id'));
  if (id !== undefined && id !== '') {
    const channel = scalar(read(doc, 'winlog.channel')) ?? '';
    const computer = scalar(read(doc, 'winlog.computer_name') ?? read(doc, 'host.name')) ?? '';
    const time = scalar(read(doc, '@timestamp')) ?? '';
    return 'w' + hash106(`${channel}\u0000${id}\u0000${computer.toLowerCase()}\u0000${time}`);
  }
  // The record as parsed, not its text: events read back from storage have no text, and a
  // re-indented copy of a record is the same record.
  const text = typeof event.raw === 'string' ? event.raw : JSON.stringify(event.raw);
  return 't' + hash106(text ?? JSON.stringify(doc));
}

// Two independent 53-bit hashes (cyrb53 with different seeds), written in base 36.
function hash106(s: string): string {
  return cyrb53(s, 0x9e3779b9).toString(36) + ':' + cyrb53(s, 0x85ebca6b).toString(36);
}

function cyrb53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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
