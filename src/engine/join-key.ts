// Join keys: sequence-level keys then stage keys, compared exactly. A key is the JSON of
// the value tuple, so 1234 and "1234" stay different, as they do in Elasticsearch.
import type { CompiledStage, Doc } from '../eql/compiled.ts';

const NO_KEYS: readonly string[] = ['[]'];

/**
 * The join keys an event yields for a stage, or null when it yields none (a non-optional
 * key field is missing). An array value yields one key per element; several array keys
 * yield every combination.
 */
export function joinKeysOf(stage: CompiledStage, doc: Doc): readonly string[] | null {
  const getters = stage.keys;
  if (getters.length === 0) return NO_KEYS;
  let tuples: unknown[][] = [[]];
  for (const key of getters) {
    const raw = key.get(doc);
    let values: unknown[];
    if (Array.isArray(raw)) {
      values = raw.filter((v) => v !== null && v !== undefined);
      if (values.length === 0) values = [null];
    } else {
      values = [raw === undefined ? null : raw];
    }
    if (values.length === 1 && values[0] === null && !key.optional) return null;
    if (values.length === 1) {
      for (const t of tuples) t.push(values[0]);
    } else {
      const next: unknown[][] = [];
      for (const t of tuples) for (const v of values) next.push([...t, v]);
      tuples = next;
    }
  }
  if (tuples.length === 1) return [JSON.stringify(tuples[0])];
  return [...new Set(tuples.map((t) => JSON.stringify(t)))];
}

/**
 * The one join key an event yields for a stage when no key value is multi-valued (the
 * common case), built as `joinKeysOf` would (the JSON of the tuple) without making a new
 * tuple: null when it yields none, undefined when a value is an array (ask `joinKeysOf`).
 * One stringify of a reused tuple gives a flat string; building the key by concatenation
 * left a tree of five strings per key, which a million held candidates pay for in memory.
 */
export function singleJoinKey(stage: CompiledStage, doc: Doc): string | null | undefined {
  const getters = stage.keys;
  if (getters.length === 0) return NO_KEYS[0];
  const tuple = scratch;
  tuple.length = getters.length;
  for (let i = 0; i < getters.length; i++) {
    const raw = getters[i].get(doc);
    if (Array.isArray(raw)) return undefined;
    if (raw === undefined || raw === null) {
      if (!getters[i].optional) return null;
      tuple[i] = null;
    } else tuple[i] = raw;
  }
  // Rules of a large set key on the same few fields (`process.entity_id`, `host.id`,
  // `process.parent.entity_id`): the stages one event meets ask, in turn, for the few keys
  // its values make. The last RECENT tuples are remembered with their key, so each is
  // stringified once per event and the same string comes back (the collector shares its
  // array by that string's identity). Text, numbers and booleans only: equal by `===` means
  // equal JSON.
  for (let r = 0; r < RECENT; r++) {
    const values = recentValues[r];
    if (tuple.length === values.length && sameScalars(tuple, values)) {
      tuple.fill(null);
      return recentKeys[r];
    }
  }
  const key = JSON.stringify(tuple);
  const slot = recentNext;
  recentNext = (slot + 1) % RECENT;
  recentValues[slot] = isScalars(tuple) ? tuple.slice() : [];
  recentKeys[slot] = key;
  // The tuple must not keep the event's values alive until the next key.
  tuple.fill(null);
  return key;
}

const scratch: unknown[] = [];
const RECENT = 4;
const recentValues: unknown[][] = Array.from({ length: RECENT }, () => []);
const recentKeys: string[] = new Array<string>(RECENT).fill('');
let recentNext = 0;

function isScalars(values: readonly unknown[]): boolean {
  for (const v of values) if (typeof v === 'object' && v !== null) return false;
  return values.length > 0;
}

function sameScalars(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The key values back from their JSON, for `join_keys` in results. */
export function keyValues(key: string): unknown[] {
  return JSON.parse(key) as unknown[];
}

/**
 * A sequence's `join_keys`: Elasticsearch prints a date key with the field's format
 * (`1970-01-01T00:00:00.000Z`), where samples print the epoch millis of its aggregation.
 */
export function sequenceKeyValues(key: string, stage: CompiledStage | undefined): unknown[] {
  const values = keyValues(key);
  if (!stage?.keys.some((k) => k.date)) return values;
  return values.map((v, i) =>
    stage.keys[i]?.date && typeof v === 'number' && Math.abs(v) <= 8.64e15
      ? new Date(v).toISOString()
      : v,
  );
}
