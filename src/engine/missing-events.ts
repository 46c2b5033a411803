// Missing-event stages `![…]`, decided the way Elasticsearch decides them: once the positive
// stages formed a sequence, look (same join key) for an event of each missing stage
// strictly between its neighbours' timestamps (middle stage: any one discards), the latest
// one before the start (leading) and the earliest one after the end (trailing). Leading and
// trailing ones only discard the sequence when they fall within maxspan of it. All
// candidates are known before this runs, so a trailing window is always closed.
import type { CompiledQuery } from '../eql/compiled.ts';
import { MissingTimes } from './missing-times.ts';
import type { Sequence } from './sequence.ts';
import type { Candidate } from './types.ts';

export class MissingEventCheck {
  readonly #times: MissingTimes;
  readonly #missing: boolean[];
  readonly #maxspan: number;

  /**
   * `times` may hold some of the missing stages' times already (the correlator keeps them
   * so); the rest come candidate by candidate, in any order, to `add`, all before `accepts`.
   */
  constructor(query: CompiledQuery, times = new MissingTimes(query.stages.length)) {
    this.#missing = query.stages.map((s) => s.missing);
    this.#maxspan = query.maxspanMs ?? 0;
    this.#times = times;
  }

  add(c: Candidate): void {
    for (const h of c.hits) {
      if (h.stage < 0 || !this.#missing[h.stage]) continue;
      for (const k of h.keys) this.#times.add(h.stage, k, c.ts);
    }
  }

  #exceeds(from: number | null, to: number | null): boolean {
    if (from === null || to === null) return true;
    return this.#maxspan > 0 && to - from > this.#maxspan;
  }

  /** True when the sequence survives its missing-event stages. */
  accepts(seq: Sequence): boolean {
    const stages = this.#missing.length;
    const first = this.#missing.indexOf(false);
    const last = this.#missing.lastIndexOf(false);
    const startTs = seq.matches[first]!.ts;
    const endTs = seq.matches[last]!.ts;
    let lastLeading: number | null = null;
    let firstTrailing: number | null = null;
    for (let i = 0; i < stages; i++) {
      if (!this.#missing[i]) continue;
      const times = this.#times.times(i, seq.key);
      if (!times) continue;
      if (i < first) {
        const t = latestBefore(times, startTs);
        if (t !== null && (lastLeading === null || t > lastLeading)) lastLeading = t;
      } else if (i > last) {
        const t = earliestAfter(times, endTs);
        if (t !== null && (firstTrailing === null || t < firstTrailing)) firstTrailing = t;
      } else {
        const prev = this.#neighbour(seq, i, -1);
        const next = this.#neighbour(seq, i, +1);
        const t = earliestAfter(times, prev);
        if (t !== null && t < next) return false;
      }
    }
    const leadingMissing = this.#missing[0];
    const trailingMissing = this.#missing[stages - 1];
    return (
      (firstTrailing === null && lastLeading === null) ||
      (lastLeading === null && leadingMissing) ||
      (firstTrailing === null && trailingMissing) ||
      (leadingMissing && trailingMissing && this.#exceeds(lastLeading, firstTrailing)) ||
      (leadingMissing && !trailingMissing && this.#exceeds(lastLeading, endTs)) ||
      (!leadingMissing && trailingMissing && this.#exceeds(startTs, firstTrailing))
    );
  }

  #neighbour(seq: Sequence, stage: number, step: number): number {
    for (let i = stage + step; i >= 0 && i < this.#missing.length; i += step) {
      if (!this.#missing[i]) return seq.matches[i]!.ts;
    }
    throw new Error('a middle missing stage has positive stages on both sides');
  }
}

/** The largest value strictly below `ts`, or null. */
function latestBefore(sorted: readonly number[], ts: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : null;
}

/** The smallest value strictly above `ts`, or null. */
function earliestAfter(sorted: readonly number[], ts: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : null;
}
