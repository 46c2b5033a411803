// A session's timeline index kept in IndexedDB beside its events. Building it reads every stored
// chunk's places (timeline/chunk-places.ts); reading it back is structured clones of its typed
// arrays. It is a cache: keyed by what the stored chunks were when it was built, written when a
// scan ends and after the timeline has been answered, and dropped when its session is gone.
// Chromium refuses a value over ~127 MiB, so each lane is kept in parts of at most PART events
// (~17 MB). A lane's times grouped by category are not kept: regrouping them is one pass over
// the lane, reading them back cost a third of a ten-million-event index's ~3 s load.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from '../../../store/schema.ts';
import { timelineIndexKey } from '../../../store/session-data.ts';
import { EventIndex, groupByCategory, type HostLane } from './event-index.ts';

/** Bumped whenever HostLane's shape changes, so an older saved index is rebuilt. */
const VERSION = 4;
const PART = 1_000_000;

type Db = IDBPDatabase<SequentSchema>;
type Arrays = Pick<HostLane, 'times' | 'categories' | 'chunks' | 'indexes'>;

interface Header {
  version: number;
  key: string;
  untimed: number;
  lanes: { host: string; events: number }[];
}

const partKey = (sessionId: string, lane: number, part: number) =>
  `${timelineIndexKey(sessionId)}:${lane}:${part}`;
const partsOf = (sessionId: string) =>
  IDBKeyRange.bound(`${timelineIndexKey(sessionId)}:`, `${timelineIndexKey(sessionId)}:\uffff`);

/** Whether a saved index of the session is current for `key` (its header says so). */
export async function hasIndex(db: Db, sessionId: string, key: string): Promise<boolean> {
  const header = (await db.get('kv', timelineIndexKey(sessionId)))?.value as Header | undefined;
  return header?.version === VERSION && header.key === key;
}

export async function loadIndex(
  db: Db,
  sessionId: string,
  key: string,
): Promise<EventIndex | null> {
  const header = (await db.get('kv', timelineIndexKey(sessionId)))?.value as Header | undefined;
  if (!header || header.version !== VERSION || header.key !== key) return null;
  const lanes: HostLane[] = [];
  for (const [l, { host, events }] of header.lanes.entries()) {
    const lane: Arrays = {
      times: new Float64Array(events),
      categories: new Uint8Array(events),
      chunks: new Uint32Array(events),
      indexes: new Uint32Array(events),
    };
    for (let p = 0; p * PART < events; p++) {
      const part = (await db.get('kv', partKey(sessionId, l, p)))?.value as Arrays | undefined;
      if (!part) return null;
      const at = p * PART;
      lane.times.set(part.times, at);
      lane.categories.set(part.categories, at);
      lane.chunks.set(part.chunks, at);
      lane.indexes.set(part.indexes, at);
    }
    lanes.push({ host, ...lane, ...groupByCategory(lane.times, lane.categories) });
  }
  return new EventIndex(lanes, header.untimed);
}

export async function saveIndex(
  db: Db,
  sessionId: string,
  key: string,
  index: EventIndex,
): Promise<void> {
  // The header goes first and last: a save cut short leaves no header, so nothing loads.
  await db.delete('kv', timelineIndexKey(sessionId));
  await db.delete('kv', partsOf(sessionId));
  const now = Date.now();
  for (const [l, lane] of index.lanes.entries()) {
    for (let at = 0, p = 0; at < lane.times.length; at += PART, p++) {
      const end = Math.min(lane.times.length, at + PART);
      const value: Arrays = {
        times: lane.times.slice(at, end),
        categories: lane.categories.slice(at, end),
        chunks: lane.chunks.slice(at, end),
        indexes: lane.indexes.slice(at, end),
      };
      await db.put('kv', { key: partKey(sessionId, l, p), value, updatedAt: now });
    }
  }
  const header: Header = {
    version: VERSION,
    key,
    untimed: index.untimed,
    lanes: index.lanes.map((l) => ({ host: l.host, events: l.times.length })),
  };
  await db.put('kv', { key: timelineIndexKey(sessionId), value: header, updatedAt: now });
}
