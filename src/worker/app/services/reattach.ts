// Re-attaching the original files of an 'alerts-only' session: matched to the session's own
// files, read again, and stored (or, the quota still too small, kept in memory) so hunting
// and re-running rules work again. No new files, no new alerts.
import type { ReattachReport } from '../../app-api.ts';
import { CHUNKS_PER_FILE } from '../chunker.ts';
import { errorText } from '../file-summary.ts';
import { CHUNK_SIZE } from '../pipeline.ts';
import { matchFiles, readChunks, storeChunks } from '../reattach.ts';
import { named, sessionOf, type ServiceContext } from './context.ts';
import { holdingEvents } from './session-events.ts';

export class ReattachService {
  constructor(private readonly ctx: ServiceContext) {}

  reattachFiles(sessionId: string, files: File[]): Promise<ReattachReport> {
    // After any running scan, so the session's files and chunks do not change underneath.
    return this.ctx.queued(() => this.#reattach(sessionId, files));
  }

  async #reattach(sessionId: string, files: File[]): Promise<ReattachReport> {
    const { ctx } = this;
    const repos = await ctx.repos();
    const session = await sessionOf(repos, sessionId);
    if (session.storage === 'full') {
      // Nothing to re-attach: the events are stored; say so instead of reading twice.
      return {
        matched: [],
        unmatched: files.map((f) => ({
          name: f.name,
          reason: 'The events of this session are stored already; nothing to re-attach.',
        })),
        events: 0,
        kept: 'none',
      };
    }
    const stored = await repos.files.list(sessionId);
    const known = stored.map((f) => ({
      id: f.id,
      index: f.index,
      name: f.name,
      size: f.size,
      sha256: f.sha256 ?? null,
    }));
    const { matched, unmatched } = await matchFiles(known, named(files));
    let events = 0;
    let kept: ReattachReport['kept'] = matched.length ? 'stored' : 'none';
    const report: ReattachReport['matched'] = [];
    const attached = ctx.events.attached;
    for (const match of matched) {
      let chunks;
      try {
        chunks = await readChunks(match, sessionId, ctx.ingest, CHUNK_SIZE);
      } catch (error) {
        unmatched.push({
          name: match.file.name,
          reason: `Matched ${match.known.name}, but it could not be read again: ${errorText(error)}`,
        });
        continue;
      }
      const where = await storeChunks(
        {
          putChunk: (c) => repos.events.put(c),
          // All of the file's stored chunks, also those of an earlier re-attach: the memory
          // copy then holds the whole file, and no event is searched twice.
          removeChunks: async () => {
            const first = match.known.index * CHUNKS_PER_FILE;
            await repos.db.delete(
              'events',
              IDBKeyRange.bound([sessionId, first], [sessionId, first + CHUNKS_PER_FILE - 1]),
            );
          },
        },
        chunks,
      );
      if (where === 'memory') {
        kept = 'memory';
        attached.set(sessionId, match.known.index, chunks);
      } else attached.forget(sessionId, match.known.index);
      events += chunks.reduce((n, c) => n + c.events.length, 0);
      report.push({ name: match.file.name, fileId: match.known.id });
    }
    // Every file's events stored again: the session is whole, after a reload too.
    const done = await ctx.events.files(repos, sessionId);
    if (
      attached.files(sessionId).length === 0 &&
      holdingEvents(stored).every((f) => done.has(f.index))
    )
      await repos.sessions.update(sessionId, (s) => ({ ...s, storage: 'full' }));
    return { matched: report, unmatched, events, kept };
  }
}
