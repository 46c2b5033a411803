// The value combinations an event contributes to a group-by over several fields, as a terms
// aggregation buckets them: one per combination of the fields' values (a multi-valued
// field puts the event in each of its values' buckets), none when a field is absent.
import type { Doc } from '../eql/compiled.ts';
import { fieldGetter } from '../eql/fields.ts';

/** Combinations per event at most: a wide multi-valued field must not explode. */
const MAX_COMBINATIONS = 64;

export type Combination = unknown[];

export function combinationReader(fields: readonly string[]): (doc: Doc) => Combination[] {
  const getters = fields.map(fieldGetter);
  return (doc) => {
    let combos: Combination[] = [[]];
    for (const get of getters) {
      const values = scalars(get(doc));
      if (values.length === 0) return [];
      const next: Combination[] = [];
      for (const c of combos)
        for (const v of values) if (next.length < MAX_COMBINATIONS) next.push([...c, v]);
      combos = next;
    }
    return combos;
  };
}

function scalars(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return [...new Set(v.flatMap(scalars))];
  if (typeof v === 'object') return [];
  return [v];
}

/** A stable key for a combination (type-aware: 5 and "5" are different terms). */
export function combinationKey(c: Combination): string {
  return JSON.stringify(c);
}
