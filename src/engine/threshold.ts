// Elastic's threshold rules over a file. Kibana runs the rule every `interval` and counts
// the events of the look-back (`from`, e.g. now-9m) per group. A file has no schedule, so
// the look-back becomes a window of that length sliding over the data's own time: a group
// alerts when, within one window, it has `value` events (and, with cardinality, that many
// distinct values of the cardinality field). After an alert the group starts counting
// afresh from the next event, so a long burst gives one alert per window's worth of events,
// as successive Kibana runs would, not one per event.
import type { Doc } from '../eql/compiled.ts';
import { fieldGetter } from '../eql/fields.ts';
import { combinationKey, combinationReader } from './group-values.ts';
import type { SequenceResult } from './types.ts';

export interface ThresholdSpec {
  /** Group-by fields; none = the whole data is one group. */
  readonly groupBy: readonly string[];
  readonly value: number;
  readonly cardinality?: readonly { readonly field: string; readonly value: number }[];
  /** The rule's look-back as a window length. */
  readonly windowMs: number;
  /** Events kept as evidence per alert (the first ones); default 100. */
  readonly maxEvidence?: number;
}

export interface ThresholdResult extends SequenceResult {
  readonly join_keys: unknown[];
  readonly events: Doc[];
  readonly threshold: {
    /** Events of the group in the window that reached the threshold. */
    readonly count: number;
    /** Distinct values of the cardinality field(s), when the rule sets one. */
    readonly cardinality?: { readonly field: string; readonly value: number }[];
    /** First and last event time of that window (epoch ms). */
    readonly from: number;
    readonly to: number;
  };
}

export interface TimedDoc {
  readonly doc: Doc;
  readonly ts: number;
}

interface Window {
  events: TimedDoc[];
}

/** Threshold alerts from the rule query's matches, given in time order. */
export function thresholdResults(
  events: readonly TimedDoc[],
  spec: ThresholdSpec,
): ThresholdResult[] {
  const groupsOf = combinationReader(spec.groupBy);
  const cardinality = (spec.cardinality ?? []).map((c) => ({ ...c, get: fieldGetter(c.field) }));
  const maxEvidence = spec.maxEvidence ?? 100;
  const windows = new Map<string, { key: unknown[]; window: Window }>();
  const out: ThresholdResult[] = [];
  for (const e of events) {
    for (const key of groupsOf(e.doc)) {
      const k = combinationKey(key);
      let g = windows.get(k);
      if (!g) windows.set(k, (g = { key, window: { events: [] } }));
      const w = g.window;
      w.events.push(e);
      // The window is [this event - windowMs, this event], both ends included (gte/lte).
      let drop = 0;
      while (drop < w.events.length && w.events[drop].ts < e.ts - spec.windowMs) drop++;
      if (drop > 0) w.events.splice(0, drop);
      if (w.events.length < spec.value) continue;
      const distinct = cardinality.map((c) => ({
        field: c.field,
        value: distinctCount(w.events, c.get),
        needed: c.value,
      }));
      if (distinct.some((d) => d.value < d.needed)) continue;
      out.push({
        join_keys: key,
        events: w.events.slice(0, maxEvidence).map((x) => x.doc),
        threshold: {
          count: w.events.length,
          ...(distinct.length
            ? { cardinality: distinct.map((d) => ({ field: d.field, value: d.value })) }
            : {}),
          from: w.events[0].ts,
          to: e.ts,
        },
      });
      w.events = [];
    }
  }
  return out.sort((a, b) => a.threshold.from - b.threshold.from);
}

function distinctCount(events: readonly TimedDoc[], get: (doc: Doc) => unknown): number {
  const seen = new Set<string>();
  for (const e of events) {
    const v = get(e.doc);
    for (const x of Array.isArray(v) ? v : [v])
      if (x !== null && x !== undefined) seen.add(JSON.stringify(x));
  }
  return seen.size;
}
