// Threshold and new terms rules run as an event query (every match returned, in time order)
// whose results are then aggregated here. The outcome keeps the event query's shape, so the
// CLI, the worker and the UI handle these alerts as they handle EQL ones: a threshold alert
// is a sequence-like result whose join keys are the group values, a new terms alert an
// event result.
import type { CompiledQuery, Doc } from '../eql/compiled.ts';
import { isEventStub } from './evidence.ts';
import { newTermsResults, type NewTermsSpec } from './new-terms.ts';
import { applySize } from './pipes.ts';
import { thresholdResults, type ThresholdSpec, type TimedDoc } from './threshold.ts';
import type { QueryOutcome, Result } from './types.ts';

export type Aggregation =
  | ({ readonly kind: 'threshold' } & ThresholdSpec)
  | ({ readonly kind: 'new_terms' } & NewTermsSpec);

/**
 * Turns an event query's outcome (run with an unbounded size, documents resolved) into the
 * rule's alerts, cut to `size` (the rule's max_signals) with the rest counted in `more`.
 */
export function aggregateOutcome(
  outcome: QueryOutcome,
  aggregation: Aggregation,
  query: Pick<CompiledQuery, 'timestamp'>,
  size: number,
): QueryOutcome {
  if (outcome.error !== null) return outcome;
  const events: TimedDoc[] = [];
  for (const r of outcome.results) {
    const doc = r.events[0];
    if (isEventStub(doc) || 'missing' in doc) continue;
    const ts = query.timestamp(doc as Doc);
    if (ts !== null) events.push({ doc: doc as Doc, ts });
  }
  const found: Result[] =
    aggregation.kind === 'threshold'
      ? thresholdResults(events, aggregation)
      : newTermsResults(events, aggregation);
  const { kept, more } = applySize(found, size);
  return { ...outcome, results: kept, total: found.length, more };
}
