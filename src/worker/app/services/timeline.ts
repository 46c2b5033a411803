// The timeline: where a session's events sit in time, per host, served as density binned here
// and as pages of events in time order. The page never holds the events; the worker keeps only
// a compact index (event-index.ts), built on first use and rebuilt when the stored events change.
import type { JsonDoc } from '../../app-api.ts';
import {
  TIMELINE_CATEGORIES,
  type Density,
  type DensityRequest,
  type TimelineEventRecord,
  type TimelineEventRef,
  type TimelineEventsPage,
  type TimelineEventsQuery,
  type TimelineExtent,
} from '../../timeline-api.ts';
import { rawRecord } from '../../../ingest/evtx/record-xml.ts';
import type { ServiceChunk } from '../../../store/service-records.ts';
import { EventIndexBuilder, type EventIndex } from '../timeline/event-index.ts';
import { eventRow } from '../timeline/event-row.ts';
import { hasIndex, loadIndex, saveIndex } from '../timeline/saved-index.ts';
import { readPlaces } from '../timeline/chunk-places.ts';
import type { Repos } from '../repos.ts';
import { sessionOf, type ServiceContext } from './context.ts';

const MAX_BINS = 4000;
const MAX_PAGE = 500;
/** A text filter reads documents; past this many in one request it stops and says "more". */
const TEXT_SCAN_LIMIT = 200_000;
const CHUNK_CACHE = 16;

export class TimelineService {
  readonly #indexes = new Map<string, { key: string; index: Promise<EventIndex> }>();
  readonly #chunks = new Map<string, ServiceChunk>();
  readonly #preparing = new Map<string, Promise<void>>();

  constructor(private readonly ctx: ServiceContext) {}

  async timelineExtent(sessionId: string): Promise<TimelineExtent> {
    const index = await this.#index(sessionId);
    const repos = await this.ctx.repos();
    const session = await sessionOf(repos, sessionId);
    const partial = await this.ctx.events.missing(
      repos,
      session,
      true,
      'place every event on the timeline',
    );
    let min: number | null = null;
    let max: number | null = null;
    const hosts = index.lanes.map((lane) => {
      const first = lane.times[0];
      const last = lane.times[lane.times.length - 1];
      if (min === null || first < min) min = first;
      if (max === null || last > max) max = last;
      return { host: lane.host, events: lane.times.length, min: first, max: last };
    });
    return { events: index.events, untimed: index.untimed, min, max, hosts, partial };
  }

  async timelineDensity(sessionId: string, request: DensityRequest): Promise<Density> {
    const index = await this.#index(sessionId);
    const bins = Math.max(1, Math.min(MAX_BINS, Math.floor(request.bins)));
    const to = request.to > request.from ? request.to : request.from + 1;
    return {
      from: request.from,
      to,
      bins,
      categories: TIMELINE_CATEGORIES,
      lanes: index.density(request.from, to, bins, request.hosts),
    };
  }

  async timelineEvents(sessionId: string, query: TimelineEventsQuery): Promise<TimelineEventsPage> {
    const index = await this.#index(sessionId);
    const lanes =
      query.host === undefined ? index.lanes : index.lanes.filter((l) => l.host === query.host);
    const wanted = query.categories?.length
      ? new Set(query.categories.map((c) => TIMELINE_CATEGORIES.indexOf(c)))
      : null;
    const keep = (code: number) => !wanted || wanted.has(code);
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(1, Math.min(MAX_PAGE, query.limit ?? 100));
    const needle = query.text?.trim().toLowerCase() ?? '';
    const names = await this.#fileNames(sessionId);
    const rows: TimelineEventsPage['rows'] = [];
    let skipped = 0;
    let read = 0;
    let more = false;
    for (const hit of index.window(query.from, query.to, lanes, keep)) {
      const ref = { chunk: hit.lane.chunks[hit.position], index: hit.lane.indexes[hit.position] };
      let doc: JsonDoc | undefined;
      if (needle) {
        if (++read > TEXT_SCAN_LIMIT) {
          more = true;
          break;
        }
        doc = await this.#doc(sessionId, ref);
        if (!doc || !JSON.stringify(doc).toLowerCase().includes(needle)) continue;
      }
      if (skipped < offset) {
        skipped++;
        continue;
      }
      if (rows.length === limit) {
        more = true;
        break;
      }
      doc ??= await this.#doc(sessionId, ref);
      if (!doc) continue;
      const chunk = this.#chunks.get(`${sessionId}/${ref.chunk}`);
      rows.push(eventRow(doc, ref, names.get(chunk?.file ?? -1) ?? ''));
    }
    return { rows, inWindow: index.count(query.from, query.to, lanes, keep), more };
  }

  async timelineEvent(sessionId: string, ref: TimelineEventRef): Promise<TimelineEventRecord> {
    const chunk = await this.#chunk(sessionId, ref.chunk);
    if (!chunk || ref.index >= chunk.events.length) {
      throw new Error('That event is no longer stored in this session.');
    }
    const names = await this.#fileNames(sessionId);
    const text = chunk.texts?.[ref.index];
    return {
      ref,
      event: chunk.events[ref.index],
      raw: text !== undefined ? text : rawRecord(chunk.raws[ref.index]),
      file: names.get(chunk.file) ?? '',
    };
  }

  async #fileNames(sessionId: string): Promise<Map<number, string>> {
    const repos = await this.ctx.repos();
    return new Map((await repos.files.list(sessionId)).map((f) => [f.index, f.name]));
  }

  async #doc(sessionId: string, ref: TimelineEventRef): Promise<JsonDoc | undefined> {
    return (await this.#chunk(sessionId, ref.chunk))?.events[ref.index] as JsonDoc | undefined;
  }

  async #chunk(sessionId: string, n: number): Promise<ServiceChunk | undefined> {
    const key = `${sessionId}/${n}`;
    const cached = this.#chunks.get(key);
    if (cached) {
      this.#chunks.delete(key);
      this.#chunks.set(key, cached);
      return cached;
    }
    const chunk = await (await this.ctx.repos()).events.chunk(sessionId, n);
    if (!chunk) return undefined;
    this.#chunks.set(key, chunk);
    if (this.#chunks.size > CHUNK_CACHE) {
      this.#chunks.delete(this.#chunks.keys().next().value as string);
    }
    return chunk;
  }

  /**
   * Builds and saves the session's index unless a saved one is current, without keeping it in
   * memory: run when a scan ends, so the timeline's first open reads it instead of building it.
   */
  prepare(sessionId: string): Promise<void> {
    const preparing = this.#prepare(sessionId).finally(() => {
      if (this.#preparing.get(sessionId) === preparing) this.#preparing.delete(sessionId);
    });
    this.#preparing.set(sessionId, preparing);
    return preparing;
  }

  async #prepare(sessionId: string): Promise<void> {
    const repos = await this.ctx.repos();
    const { key, numbers } = await storedChunks(repos, sessionId);
    if (this.#indexes.get(sessionId)?.key === key) return;
    if (await hasIndex(repos.db, sessionId, key)) return;
    await saveIndex(repos.db, sessionId, key, await buildIndex(repos, sessionId, numbers));
  }

  /** The session's index, rebuilt when its stored chunks changed (a scan, a re-attach). */
  async #index(sessionId: string): Promise<EventIndex> {
    // An index being prepared is read when saved rather than built a second time.
    await this.#preparing.get(sessionId)?.catch(() => undefined);
    const repos = await this.ctx.repos();
    const { key, numbers } = await storedChunks(repos, sessionId);
    const cached = this.#indexes.get(sessionId);
    if (cached?.key === key) return cached.index;
    for (const k of [...this.#chunks.keys()]) {
      if (k.startsWith(`${sessionId}/`)) this.#chunks.delete(k);
    }
    const index = (async () => {
      const saved = await loadIndex(repos.db, sessionId, key).catch(() => null);
      if (saved) return saved;
      const built = await buildIndex(repos, sessionId, numbers);
      // A cache: a full disk or a closed database only costs the next page load a rebuild.
      saveIndex(repos.db, sessionId, key, built).catch(() => undefined);
      return built;
    })();
    this.#indexes.set(sessionId, { key, index });
    index.catch(() => this.#indexes.delete(sessionId));
    return index;
  }
}

/**
 * The session's stored chunk numbers, and the key of an index of them: every chunk number
 * (hashed) and the event count. A deleted file, a scan, a resume or a re-attach changes it;
 * chunks rewritten under the same numbers with as many events are the same file read again. The
 * index is built from these very numbers, so a scan storing more meanwhile cannot give an index
 * more events than its key says.
 */
async function storedChunks(repos: Repos, sessionId: string) {
  const numbers = await repos.events.chunkNumbers(sessionId);
  const session = await sessionOf(repos, sessionId);
  let hash = 0x811c9dc5;
  for (const n of numbers) hash = Math.imul(hash ^ n, 0x01000193) ^ (n / 2 ** 32);
  return { key: `${numbers.length}:${(hash >>> 0).toString(16)}:${session.events}`, numbers };
}

/** Chunks' places read per request of this many (one transaction each). */
const PLACES_BATCH = 64;

/**
 * Every stored event placed in time, from the places stored beside each chunk; a chunk stored
 * without them (before they existed) is read and parsed instead.
 */
async function buildIndex(
  repos: Repos,
  sessionId: string,
  numbers: readonly number[],
): Promise<EventIndex> {
  const builder = new EventIndexBuilder();
  for (let at = 0; at < numbers.length; at += PLACES_BATCH) {
    const batch = numbers.slice(at, at + PLACES_BATCH);
    const places = await repos.events.places(sessionId, batch);
    for (const [k, n] of batch.entries()) {
      const kept = readPlaces(places[k]);
      if (kept) {
        builder.addPlaces(n, kept);
        continue;
      }
      const chunk = await repos.events.chunk(sessionId, n);
      chunk?.events.forEach((doc, i) => builder.add(doc as JsonDoc, { chunk: n, index: i }));
    }
  }
  return builder.build();
}
