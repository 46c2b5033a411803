// A session's timeline index kept in IndexedDB beside its events. Building it reads every stored
// chunk (ten million events: about 35 s here); reading it back is one structured clone of its
// typed arrays. It is a cache: keyed by what the stored chunks were when it was built, written
// after the timeline has been answered, and dropped when its session is gone.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from '../../../store/schema.ts';
import { EventIndex, type HostLane } from './event-index.ts';

const PREFIX = 'timeline-index:';
/** Bumped whenever HostLane's shape changes, so an older saved index is rebuilt. */
const VERSION = 3;

interface Saved {
  version: number;
  key: string;
  lanes: HostLane[];
  untimed: number;
}

export async function loadIndex(
  db: IDBPDatabase<SequentSchema>,
  sessionId: string,
  key: string,
): Promise<EventIndex | null> {
  const saved = (await db.get('kv', PREFIX + sessionId))?.value as Saved | undefined;
  if (!saved || saved.version !== VERSION || saved.key !== key) return null;
  return new EventIndex(saved.lanes, saved.untimed);
}

export async function saveIndex(
  db: IDBPDatabase<SequentSchema>,
  sessionId: string,
  key: string,
  index: EventIndex,
): Promise<void> {
  const value: Saved = { version: VERSION, key, lanes: [...index.lanes], untimed: index.untimed };
  await db.put('kv', { key: PREFIX + sessionId, value, updatedAt: Date.now() });
  // Indexes of deleted sessions: the session service does not know about this cache.
  const keys = await db.getAllKeys('kv', IDBKeyRange.bound(PREFIX, PREFIX + '\uffff'));
  for (const k of keys) {
    const id = String(k).slice(PREFIX.length);
    if (!(await db.getKey('sessions', id))) await db.delete('kv', k);
  }
}
