// `sample by …` as Elasticsearch defines it: events are grouped by join key without regard
// to time; for each key (keys in ascending order) a sample takes one distinct event per
// stage, trying the earliest events first, up to max_samples_per_key samples.
import { evidenceOf } from './evidence.ts';
import { keyValues } from './join-key.ts';
import { compareTiebreaker } from './ordinal.ts';
import type { Candidate, SequenceResult } from './types.ts';

export function matchSamples(
  stageCount: number,
  candidates: readonly Candidate[],
  maxSamplesPerKey: number,
): SequenceResult[] {
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
  const keys = [...byKey.keys()].sort((a, b) => compareKeys(keyValues(a), keyValues(b)));
  const samples: SequenceResult[] = [];
  for (const key of keys) {
    const stages = byKey.get(key)!;
    if (stages.some((s) => s.length === 0)) continue;
    // Like ES's per-key fetch, only the first few events of each stage are candidates.
    const depth = stageCount * maxSamplesPerKey;
    for (let i = 0; i < stages.length; i++) stages[i] = stages[i].sort(sampleOrder).slice(0, depth);
    const used = new Set<Candidate>();
    for (let n = 0; n < maxSamplesPerKey; n++) {
      const pick = pickDistinct(stages, used);
      if (!pick) break;
      for (const c of pick) used.add(c);
      samples.push({ join_keys: keyValues(key), events: pick.map(evidenceOf) });
    }
  }
  return samples;
}

/** Backtracking: one event per stage, no event twice, earliest choices first. */
function pickDistinct(stages: Candidate[][], used: Set<Candidate>): Candidate[] | null {
  const chosen: Candidate[] = [];
  const step = (i: number): boolean => {
    if (i === stages.length) return true;
    for (const c of stages[i]) {
      if (used.has(c) || chosen.includes(c)) continue;
      chosen.push(c);
      if (step(i + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  return step(0) ? chosen : null;
}

function sampleOrder(a: Candidate, b: Candidate): number {
  const an = Number.isNaN(a.ts);
  const bn = Number.isNaN(b.ts);
  if (an !== bn) return an ? 1 : -1;
  if (!an && a.ts !== b.ts) return a.ts - b.ts;
  const t = compareTiebreaker(a.tb, b.tb);
  if (t !== 0) return t;
  return a.file !== b.file ? a.file - b.file : a.record - b.record;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === typeof y) return (x as number) < (y as number) ? -1 : 1;
    return typeof x < typeof y ? -1 : 1;
  }
  return a.length - b.length;
}
