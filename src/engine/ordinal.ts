// The total order Elasticsearch sorts events by: timestamp, then tiebreaker, then the
// stable input order (file, record) standing in for ES's implicit shard-doc order.
import type { Candidate } from './types.ts';

type Tiebreaker = Candidate['tb'];

function rank(v: Tiebreaker): number {
  // Missing tiebreakers sort last, as ES sorts missing values last in ascending order.
  if (v === null) return 3;
  if (typeof v === 'number') return 0;
  if (typeof v === 'boolean') return 1;
  return 2;
}

export function compareTiebreaker(a: Tiebreaker, b: Tiebreaker): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

export function compareOrdinal(a: Candidate, b: Candidate): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  const t = compareTiebreaker(a.tb, b.tb);
  if (t !== 0) return t;
  if (a.file !== b.file) return a.file - b.file;
  return a.record - b.record;
}

/** Normalises a tiebreaker value to something orderable and cloneable. */
export function tiebreakerValue(v: unknown): Tiebreaker {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length ? tiebreakerValue(v[0]) : null;
  return String(v);
}
