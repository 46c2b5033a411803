// Every stored event of a session reduced to where it sits in time: per host, sorted times with
// the event's category and where its record is stored. Eight to seventeen bytes an event, so a
// ten-million-event case fits in a worker while its documents stay in IndexedDB; density at any
// zoom and a window's events in time order are then binary searches and short loops.
import type { JsonDoc } from '../../app-api.ts';
import { TIMELINE_CATEGORIES, type TimelineEventRef } from '../../timeline-api.ts';
import { firstText, readField } from '../fields.ts';
import { categoryCode } from './category.ts';
import type { ChunkPlaces } from './chunk-places.ts';

const CATEGORY_COUNT = TIMELINE_CATEGORIES.length;
const NO_HOST = '(no host)';

/** One host's events in time order (parallel arrays). */
export interface HostLane {
  host: string;
  times: Float64Array;
  categories: Uint8Array;
  chunks: Uint32Array;
  indexes: Uint32Array;
  /**
   * The lane's times grouped by category, each group in order: category c's are
   * byCategory[starts[c]] … byCategory[starts[c + 1] - 1]. Density then counts a bin of a
   * crowded category by a search over contiguous times instead of visiting its events.
   */
  byCategory: Float64Array;
  starts: Uint32Array;
}

export function groupByCategory(
  times: Float64Array,
  categories: Uint8Array,
): Pick<HostLane, 'byCategory' | 'starts'> {
  const starts = new Uint32Array(CATEGORY_COUNT + 1);
  for (const c of categories) starts[c + 1]++;
  for (let c = 0; c < CATEGORY_COUNT; c++) starts[c + 1] += starts[c];
  const next = starts.slice(0, CATEGORY_COUNT);
  const byCategory = new Float64Array(categories.length);
  for (let i = 0; i < categories.length; i++) byCategory[next[categories[i]]++] = times[i];
  return { byCategory, starts };
}

export function timeOf(doc: JsonDoc): number | null {
  const value = readField(doc, '@timestamp');
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function hostOf(doc: JsonDoc): string {
  return firstText(doc, ['host.name', 'host.hostname', 'host.id']) || NO_HOST;
}

class LaneBuilder {
  readonly times: number[] = [];
  readonly categories: number[] = [];
  readonly chunks: number[] = [];
  readonly indexes: number[] = [];

  constructor(readonly host: string) {}

  build(): HostLane {
    const n = this.times.length;
    const order = new Uint32Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && this.times[i] < this.times[i - 1]) sorted = false;
    }
    // Events of one file mostly arrive in time order; several files interleave.
    if (!sorted) order.sort((a, b) => this.times[a] - this.times[b] || a - b);
    const lane: HostLane = {
      host: this.host,
      times: new Float64Array(n),
      categories: new Uint8Array(n),
      chunks: new Uint32Array(n),
      indexes: new Uint32Array(n),
      byCategory: new Float64Array(0),
      starts: new Uint32Array(0),
    };
    for (let i = 0; i < n; i++) {
      const j = order[i];
      lane.times[i] = this.times[j];
      lane.categories[i] = this.categories[j];
      lane.chunks[i] = this.chunks[j];
      lane.indexes[i] = this.indexes[j];
    }
    return { ...lane, ...groupByCategory(lane.times, lane.categories) };
  }
}

export class EventIndexBuilder {
  readonly #lanes = new Map<string, LaneBuilder>();
  untimed = 0;

  add(doc: JsonDoc, ref: TimelineEventRef): void {
    const time = timeOf(doc);
    if (time === null) {
      this.untimed++;
      return;
    }
    const host = hostOf(doc);
    let lane = this.#lanes.get(host);
    if (!lane) this.#lanes.set(host, (lane = new LaneBuilder(host)));
    lane.times.push(time);
    lane.categories.push(categoryCode(doc));
    lane.chunks.push(ref.chunk);
    lane.indexes.push(ref.index);
  }

  /** A stored chunk's events, from the places kept beside it (chunk-places.ts). */
  addPlaces(chunk: number, places: ChunkPlaces): void {
    // A host gets a lane with its first timed event, as add() does.
    const lanes: (LaneBuilder | undefined)[] = [];
    const { hosts, host, times, categories } = places;
    for (let i = 0; i < times.length; i++) {
      const time = times[i];
      if (Number.isNaN(time)) {
        this.untimed++;
        continue;
      }
      let lane = lanes[host[i]];
      if (!lane) {
        const name = hosts[host[i]];
        lane = this.#lanes.get(name);
        if (!lane) this.#lanes.set(name, (lane = new LaneBuilder(name)));
        lanes[host[i]] = lane;
      }
      lane.times.push(time);
      lane.categories.push(categories[i]);
      lane.chunks.push(chunk);
      lane.indexes.push(i);
    }
  }

  build(): EventIndex {
    const lanes = [...this.#lanes.values()]
      .map((l) => l.build())
      .sort((a, b) => a.host.localeCompare(b.host));
    return new EventIndex(lanes, this.untimed);
  }
}

/** First position in `times` whose time is ≥ t. */
export function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface WindowHit {
  lane: HostLane;
  position: number;
}

export class EventIndex {
  constructor(
    readonly lanes: readonly HostLane[],
    readonly untimed: number,
  ) {}

  get events(): number {
    return this.lanes.reduce((n, l) => n + l.times.length, 0);
  }

  lane(host: string): HostLane | undefined {
    return this.lanes.find((l) => l.host === host);
  }

  /** Per lane, counts of each category in each of `bins` equal slices of [from, to). */
  density(from: number, to: number, bins: number, hosts?: readonly string[]) {
    const span = to - from;
    const wanted = hosts ? new Set(hosts) : null;
    const binOf = (t: number) => Math.min(bins - 1, Math.floor(((t - from) / span) * bins));
    return this.lanes
      .filter((l) => !wanted || wanted.has(l.host))
      .map((lane) => {
        const counts = new Uint32Array(bins * CATEGORY_COUNT);
        const totals = new Uint32Array(bins);
        const { byCategory: times, starts } = lane;
        // First k in [lo, hi) of a category's run whose event lies at or past `bin`.
        const firstAt = (lo: number, hi: number, bin: number, t0: number) => {
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            const t = times[mid];
            if (t < t0 || (t < to && binOf(t) < bin)) lo = mid + 1;
            else hi = mid;
          }
          return lo;
        };
        for (let c = 0; c < CATEGORY_COUNT; c++) {
          if (starts[c] === starts[c + 1]) continue;
          const a = firstAt(starts[c], starts[c + 1], 0, from);
          const b = firstAt(a, starts[c + 1], bins, to);
          if (b - a <= bins * 16) {
            // Few events: visiting them beats a search per bin.
            for (let k = a; k < b; k++) {
              const bin = binOf(times[k]);
              counts[bin * CATEGORY_COUNT + c]++;
              totals[bin]++;
            }
            continue;
          }
          for (let bin = 0, at = a; bin < bins && at < b; bin++) {
            // Galloping from where the bin starts: the next edge is near (a binary search over
            // the whole run from scratch cost a whole 10M-event view ~300 ms in cache misses).
            let lo = at;
            let hi = at;
            for (let step = 1; hi < b && binOf(times[hi]) <= bin; step *= 2) {
              lo = hi;
              hi = Math.min(b, hi + step);
            }
            const end = bin === bins - 1 ? b : firstAt(lo, hi, bin + 1, from);
            counts[bin * CATEGORY_COUNT + c] += end - at;
            totals[bin] += end - at;
            at = end;
          }
        }
        let max = 0;
        for (const t of totals) if (t > max) max = t;
        return { host: lane.host, counts, max };
      });
  }

  /**
   * The events of [from, to) in time order (ties by host, then storage order), across the
   * given lanes, passing `keep`: a generator, so a caller stops as soon as it has a page.
   */
  *window(
    from: number,
    to: number,
    lanes: readonly HostLane[],
    keep: (category: number) => boolean,
  ): Generator<WindowHit> {
    const cursors = lanes.map((lane) => ({
      lane,
      at: lowerBound(lane.times, from),
      end: lowerBound(lane.times, to),
    }));
    for (;;) {
      let best: (typeof cursors)[number] | null = null;
      for (const c of cursors) {
        while (c.at < c.end && !keep(c.lane.categories[c.at])) c.at++;
        if (c.at < c.end && (!best || c.lane.times[c.at] < best.lane.times[best.at])) best = c;
      }
      if (!best) return;
      yield { lane: best.lane, position: best.at };
      best.at++;
    }
  }

  /** How many events of [from, to) in the given lanes pass `keep`. */
  count(from: number, to: number, lanes: readonly HostLane[], keep: (c: number) => boolean) {
    let n = 0;
    for (const lane of lanes) {
      const end = lowerBound(lane.times, to);
      for (let i = lowerBound(lane.times, from); i < end; i++) if (keep(lane.categories[i])) n++;
    }
    return n;
  }
}
