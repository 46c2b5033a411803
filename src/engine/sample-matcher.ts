// `sample by …` as Elasticsearch's SampleIterator computes it. Events are grouped by join
// key without regard to time. For each key, in composite-aggregation order
// (sample-key-order.ts), ES searches every stage for that key with size
// `stages + max_samples_per_key - 1` and no sort, so it sees the first events of each stage
// in index order; Sequent's input order (file, then record) stands in for that. A
// depth-first walk over those short lists, stage by stage, takes each combination of
// distinct events as a sample until it has max_samples_per_key of them: an event appears
// at most once within a sample but may appear again in the next sample of the same key.
// Events inside a sample are in stage order.
import { evidenceOf } from './evidence.ts';
import { keyValues } from './join-key.ts';
import { compareSampleKeys } from './sample-key-order.ts';
import type { Candidate, SequenceResult } from './types.ts';

export function matchSamples(
  stageCount: number,
  candidates: readonly Candidate[],
  maxSamplesPerKey: number,
): SequenceResult[] {
  const perStage = stageCount + maxSamplesPerKey - 1;
  const byKey = new Map<string, Candidate[][]>();
  for (const c of candidates) {
    for (const h of c.hits) {
      if (h.stage < 0) continue;
      for (const k of h.keys) {
        let stages = byKey.get(k);
        if (!stages) byKey.set(k, (stages = Array.from({ length: stageCount }, () => [])));
        stages[h.stage].push(c);
      }
    }
  }
  const keys = [...byKey.keys()]
    .map((k) => ({ k, values: keyValues(k) }))
    .sort((a, b) => compareSampleKeys(a.values, b.values));
  const samples: SequenceResult[] = [];
  for (const { k, values } of keys) {
    const stages = byKey.get(k)!;
    if (stages.some((s) => s.length === 0)) continue;
    const fetched = stages.map((s) => s.sort(inputOrder).slice(0, perStage));
    for (const pick of combinations(fetched, maxSamplesPerKey))
      samples.push({ join_keys: values, events: pick.map(evidenceOf) });
  }
  return samples;
}

/** Up to `max` picks of one event per stage, no event twice in a pick, in walk order. */
export function combinations<T>(stages: readonly (readonly T[])[], max: number): T[][] {
  const found: T[][] = [];
  const chosen: T[] = [];
  const walk = (i: number): void => {
    for (const c of stages[i]) {
      if (chosen.includes(c)) continue;
      chosen.push(c);
      if (i === stages.length - 1) found.push([...chosen]);
      else walk(i + 1);
      chosen.pop();
      if (found.length >= max) return;
    }
  };
  if (max > 0 && stages.length > 0) walk(0);
  return found;
}

function inputOrder(a: Candidate, b: Candidate): number {
  return a.file !== b.file ? a.file - b.file : a.record - b.record;
}
