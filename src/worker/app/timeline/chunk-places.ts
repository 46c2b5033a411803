// What the timeline keeps of one stored chunk: each event's time (NaN when it has none), host and
// category, about eleven bytes an event. The worker's Repos hands chunkPlaces to the event store,
// which writes it beside the chunk in the chunk's own transaction, by whichever worker stores the
// chunk (a scan's helpers too). A timeline index is then built from these instead of parsing
// every chunk's documents: ten million events took ~30 s to place from the chunks themselves.
import type { JsonDoc } from '../../app-api.ts';
import type { ServiceChunk } from '../../../store/service-records.ts';
import { categoryCode } from './category.ts';
import { hostOf, timeOf } from './event-index.ts';

/** Bumped whenever the shape or its meaning changes: older places are then not used. */
export const PLACES_VERSION = 1;

export interface ChunkPlaces {
  version: number;
  /** The chunk's distinct hosts; `host[i]` is event i's position in it. */
  hosts: string[];
  host: Uint16Array;
  times: Float64Array;
  categories: Uint8Array;
}

export function chunkPlaces(chunk: ServiceChunk): ChunkPlaces {
  const n = chunk.events.length;
  const places: ChunkPlaces = {
    version: PLACES_VERSION,
    hosts: [],
    host: new Uint16Array(n),
    times: new Float64Array(n),
    categories: new Uint8Array(n),
  };
  const seen = new Map<string, number>();
  chunk.events.forEach((event, i) => {
    const doc = event as JsonDoc;
    const name = hostOf(doc);
    let at = seen.get(name);
    if (at === undefined) {
      at = places.hosts.push(name) - 1;
      seen.set(name, at);
    }
    places.host[i] = at;
    places.times[i] = timeOf(doc) ?? NaN;
    places.categories[i] = categoryCode(doc);
  });
  return places;
}

/** A stored value that is this version's places of a chunk of `events` events, else null. */
export function readPlaces(value: unknown): ChunkPlaces | null {
  const p = value as Partial<ChunkPlaces> | undefined;
  if (!p || p.version !== PLACES_VERSION || !Array.isArray(p.hosts)) return null;
  if (!(p.host instanceof Uint16Array) || !(p.times instanceof Float64Array)) return null;
  if (!(p.categories instanceof Uint8Array)) return null;
  const n = p.times.length;
  return p.host.length === n && p.categories.length === n ? (p as ChunkPlaces) : null;
}
