// Elastic's new terms rules over a file. Kibana alerts when a combination of the
// `new_terms_fields` values appears in the look-back and not in the history before it
// (`history_window_start`, e.g. now-7d). Offline, "history" is the same data's earlier events
// matching the rule query within that window before each event: an event alerts when its
// combination was not seen in the preceding window. The data's first appearance of each
// combination therefore alerts (there is nothing before the file to call history), and a
// combination unseen for longer than the window is new again.
import type { Doc } from '../eql/compiled.ts';
import { combinationKey, combinationReader } from './group-values.ts';
import type { TimedDoc } from './threshold.ts';
import type { EventResult } from './types.ts';

export interface NewTermsSpec {
  /** One to three fields whose combination of values must be new. */
  readonly fields: readonly string[];
  /** How far back history reaches before each event. */
  readonly historyMs: number;
}

export interface NewTermsResult extends EventResult {
  readonly events: [Doc];
  /** The combination that was new, in the order of `fields`. */
  readonly new_terms: unknown[];
}

/** New-terms alerts from the rule query's matches, given in time order. */
export function newTermsResults(events: readonly TimedDoc[], spec: NewTermsSpec): NewTermsResult[] {
  const combos = combinationReader(spec.fields);
  const lastSeen = new Map<string, number>();
  const out: NewTermsResult[] = [];
  for (const e of events) {
    let fresh: unknown[] | null = null;
    for (const c of combos(e.doc)) {
      const k = combinationKey(c);
      const last = lastSeen.get(k);
      if (fresh === null && (last === undefined || e.ts - last > spec.historyMs)) fresh = c;
      lastSeen.set(k, e.ts);
    }
    if (fresh) out.push({ events: [e.doc], new_terms: fresh });
  }
  return out;
}
