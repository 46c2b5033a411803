// Per-session results that are not records of their own: the rule reports of the last scan
// or re-run, and the merged field profile of the session's files (for "why is the rule
// silent" and field-name completion). Kept in kv under keys that name the session.
import type { IDBPDatabase } from 'idb';
import type { FieldProfile } from '../ingest/types.ts';
import type { StoredReport } from '../case/index.ts';
import type { SequentSchema } from './schema.ts';

const reportsKey = (id: string) => `session:${id}:reports`;
const profileKey = (id: string) => `session:${id}:profile`;

export function sessionDataKeys(sessionId: string): string[] {
  return [reportsKey(sessionId), profileKey(sessionId)];
}

/**
 * The prefix of a session's saved timeline index (a header key and its parts). It is named here,
 * not by the timeline service, so deleting a session takes the index with it.
 */
export const timelineIndexKey = (sessionId: string) => `timeline-index:${sessionId}`;

/**
 * Where what the timeline keeps of one stored chunk is written, in the chunk's own transaction
 * (EventRepository). Numbers are zero-padded so one file's chunks are one key range.
 */
export const chunkPlacesKey = (sessionId: string, chunk: number) =>
  `timeline-chunk:${sessionId}:${String(chunk).padStart(12, '0')}`;

/** The chunk-places keys of chunks `from` to `to` (inclusive), or of every chunk. */
export function chunkPlacesRange(sessionId: string, from?: number, to?: number): IDBKeyRange {
  return IDBKeyRange.bound(
    from === undefined ? `timeline-chunk:${sessionId}:` : chunkPlacesKey(sessionId, from),
    to === undefined ? `timeline-chunk:${sessionId}:\uffff` : chunkPlacesKey(sessionId, to),
  );
}

/**
 * Every kv key a session owns beyond sessionDataKeys: its timeline index, the index's parts and
 * its chunks' places.
 */
export function sessionDataRanges(sessionId: string): IDBKeyRange[] {
  const key = timelineIndexKey(sessionId);
  return [
    IDBKeyRange.only(key),
    IDBKeyRange.bound(`${key}:`, `${key}:\uffff`),
    chunkPlacesRange(sessionId),
  ];
}

export class SessionDataRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  async putReports(sessionId: string, reports: StoredReport[]): Promise<void> {
    await this.db.put('kv', { key: reportsKey(sessionId), value: reports, updatedAt: Date.now() });
  }

  async reports(sessionId: string): Promise<StoredReport[]> {
    return (
      ((await this.db.get('kv', reportsKey(sessionId)))?.value as StoredReport[] | undefined) ?? []
    );
  }

  /**
   * Replaces the session's reports by `change(reports)` in one transaction, so no other write
   * of them lands between the read and the write; null leaves them as they are.
   */
  async updateReports(
    sessionId: string,
    change: (reports: StoredReport[]) => StoredReport[] | null,
  ): Promise<boolean> {
    const tx = this.db.transaction('kv', 'readwrite');
    const key = reportsKey(sessionId);
    const stored = (await tx.store.get(key))?.value as StoredReport[] | undefined;
    const next = stored ? change(stored) : null;
    if (next) await tx.store.put({ key, value: next, updatedAt: Date.now() });
    await tx.done;
    return next !== null;
  }

  async putProfile(sessionId: string, profile: FieldProfile | null): Promise<void> {
    await this.db.put('kv', { key: profileKey(sessionId), value: profile, updatedAt: Date.now() });
  }

  async profile(sessionId: string): Promise<FieldProfile | null> {
    return (
      ((await this.db.get('kv', profileKey(sessionId)))?.value as FieldProfile | undefined) ?? null
    );
  }
}
