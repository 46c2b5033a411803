// A session's events at hand: those stored in IndexedDB and those a re-attach could only keep
// in memory (the quota still too small), for the life of the page. Scans, re-runs and hunts
// read them here; "attach the files again" is said here when they are not all at hand.
import type { ServiceSession } from '../../../store/service-records.ts';
import { chunkBatch, CHUNKS_PER_FILE } from '../chunker.ts';
import type { EventBatch } from '../correlate.ts';
import { AttachedEvents } from '../reattach.ts';
import type { Repos } from '../repos.ts';

/** Files that gave events: one that failed or held none has nothing to re-attach. */
export function holdingEvents<T extends { mapped?: number; eventCount: number }>(files: T[]): T[] {
  return files.filter((f) => (f.mapped ?? f.eventCount) > 0);
}

export class SessionEvents {
  /** Re-attached events the quota still refused. */
  readonly attached = new AttachedEvents();

  async *batches(repos: Repos, sessionId: string): AsyncGenerator<EventBatch> {
    yield* this.attached.batches(sessionId);
    for await (const c of repos.events.chunks(sessionId)) yield chunkBatch(c);
  }

  /** Files (by index) whose events are at hand: stored (a re-attach survives a reload) or
   *  kept in memory. */
  async files(repos: Repos, sessionId: string): Promise<Set<number>> {
    const stored = (await repos.events.chunkNumbers(sessionId)).map((n) =>
      Math.floor(n / CHUNKS_PER_FILE),
    );
    return new Set([...stored, ...this.attached.files(sessionId)]);
  }

  /** Why the session's events cannot be searched now, or null when they can: `every` asks
   *  for all of its files (a re-run), else one is enough (a hunt). */
  async missing(
    repos: Repos,
    session: ServiceSession,
    every: boolean,
    what: string,
  ): Promise<string | null> {
    if (session.storage === 'full') return null;
    const done = await this.files(repos, session.id);
    const base = `This session kept alerts only (storage was full): attach the original files again to ${what}.`;
    if (!done.size) return base;
    if (!every) return null;
    const missing = holdingEvents(await repos.files.list(session.id)).filter(
      (f) => !done.has(f.index),
    );
    return missing.length
      ? `${base} Not re-attached yet: ${missing.map((f) => f.name).join(', ')}.`
      : null;
  }
}
