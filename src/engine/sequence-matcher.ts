// Runs one sequence query over its candidates in time order, as Elasticsearch's
// SequenceMatcher does: an event matching stage k takes the latest pending sequence of the
// same key at the previous positive stage (older ones at that stage are dropped), after
// checking maxspan and until. Because candidates arrive strictly in order, "the latest
// pending sequence that precedes the event" is always the newest one, so a stage keeps a
// single pending sequence per key and the state is bounded by stages × keys.
import type { CompiledQuery } from '../eql/compiled.ts';
import { budgetMessage, DEFAULT_BUDGET } from './collector.ts';
import { MissingEventCheck } from './missing-events.ts';
import type { MissingTimes } from './missing-times.ts';
import { compareOrdinal } from './ordinal.ts';
import { Sequence } from './sequence.ts';
import type { Candidate, QuerySpec } from './types.ts';

export interface SequenceRun {
  readonly completed: Sequence[];
  readonly started: number;
  readonly rejectedByMaxspan: number;
  readonly rejectedByUntil: number;
  readonly rejectedByMissing: number;
  /** Pending sequences forgotten because their maxspan window had passed. */
  readonly expired: number;
  readonly error: string | null;
}

/**
 * `sorted` is read once, in order: any iterable (candidates made as they are reached).
 * `missingTimes`: missing-stage times gathered already, whose candidates `sorted` leaves out.
 */
export function matchSequences(
  spec: QuerySpec,
  sorted: Iterable<Candidate>,
  missingTimes?: MissingTimes,
): SequenceRun {
  const query: CompiledQuery = spec.query;
  const stages = query.stages;
  const missing = stages.map((s) => s.missing);
  const firstPositive = missing.indexOf(false);
  const lastPositive = missing.lastIndexOf(false);
  const previousPositive = stages.map((_, i) => {
    for (let j = i - 1; j >= 0; j--) if (!missing[j]) return j;
    return -1;
  });
  const maxspan = query.maxspanMs ?? 0;
  const budget = spec.budget ?? DEFAULT_BUDGET;

  // stage → join key → the pending sequence whose last match is that stage
  const pending: Map<string, Sequence>[] = stages.map(() => new Map());
  // join key → the latest until event seen
  const untilByKey = new Map<string, Candidate>();
  let pendingCount = 0;
  let sweepAt = 1024;
  const run = {
    completed: [] as Sequence[],
    started: 0,
    rejectedByMaxspan: 0,
    rejectedByUntil: 0,
    rejectedByMissing: 0,
    expired: 0,
    error: null as string | null,
  };
  const candidatesToCheck: Sequence[] = [];
  const hasMissing = missing.includes(true);

  const complete = (seq: Sequence) => (hasMissing ? candidatesToCheck : run.completed).push(seq);

  // The missing stages' event times, gathered on the same single pass.
  const check = hasMissing ? new MissingEventCheck(query, missingTimes) : null;
  for (const c of sorted) {
    check?.add(c);
    // Highest stage first, so one event never serves two stages of the same sequence.
    const hits = c.hits.length > 1 ? [...c.hits].sort((a, b) => b.stage - a.stage) : c.hits;
    for (const hit of hits) {
      if (hit.stage < 0 || missing[hit.stage]) continue;
      for (const key of hit.keys) {
        if (hit.stage === firstPositive) {
          const seq = new Sequence(key, stages.length, hit.stage, c);
          run.started++;
          if (hit.stage === lastPositive) complete(seq);
          else {
            if (!pending[hit.stage].has(key)) pendingCount++;
            pending[hit.stage].set(key, seq);
          }
          continue;
        }
        const prev = previousPositive[hit.stage];
        const seq = pending[prev].get(key);
        if (!seq) continue;
        pending[prev].delete(key);
        pendingCount--;
        if (maxspan > 0 && c.ts - seq.start.ts > maxspan) {
          run.rejectedByMaxspan++;
          continue;
        }
        const until = untilByKey.get(key);
        if (until && compareOrdinal(until, seq.last) >= 0) {
          run.rejectedByUntil++;
          continue;
        }
        seq.putMatch(hit.stage, c);
        if (hit.stage === lastPositive) complete(seq);
        else {
          if (!pending[hit.stage].has(key)) pendingCount++;
          pending[hit.stage].set(key, seq);
        }
      }
    }
    // Recorded after the stages: an until event cuts sequences whose last match is it or
    // earlier, but not one that it completes itself (ES's suites pin both edges).
    for (const hit of c.hits) {
      if (hit.stage === -1) for (const key of hit.keys) untilByKey.set(key, c);
    }
    // With maxspan, a sequence whose window has passed can never complete: forget it, so
    // pending state stays bounded by the window instead of the input.
    if (maxspan > 0 && pendingCount > sweepAt) {
      for (const group of pending) {
        for (const [key, seq] of group) {
          if (c.ts - seq.start.ts > maxspan) {
            group.delete(key);
            pendingCount--;
            run.expired++;
          }
        }
      }
      sweepAt = Math.max(1024, pendingCount * 2);
    }
    if (pendingCount > budget) {
      let worst = firstPositive;
      pending.forEach((m, i) => {
        if (m.size > pending[worst].size) worst = i;
      });
      run.error = budgetMessage(spec, stages[worst].text, worst, 'pending sequences');
      run.completed = [];
      return run;
    }
  }

  if (check) {
    for (const seq of candidatesToCheck) {
      if (check.accepts(seq)) run.completed.push(seq);
      else run.rejectedByMissing++;
    }
  }
  return run;
}
