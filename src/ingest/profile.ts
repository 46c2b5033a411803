// FieldProfiler: which field paths the data has, how often, and a few of their values, so
// the user can be told why a rule's condition can never hold on this data set.
import type { Doc, FieldProfile } from './types.ts';

interface FieldStat {
  count: number;
  values: Set<string>;
  capped: boolean;
}

const MAX_VALUE_LENGTH = 120;
// Bulky free text that no detection compares by whole value; profiling it costs for nothing.
const SKIP = new Set(['message', 'winlog.event_data.Message', 'winlog.event_data.ScriptBlockText']);

export class FieldProfiler {
  private readonly stats = new Map<string, FieldStat>();
  constructor(readonly valueCap = 8) {}

  add(doc: Doc): void {
    this.walk(doc, '');
  }

  private walk(o: Record<string, unknown>, prefix: string): void {
    for (const k in o) {
      const v = o[k];
      const path = prefix ? prefix + k : k;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        this.walk(v as Record<string, unknown>, path + '.');
        continue;
      }
      let s = this.stats.get(path);
      if (!s) {
        s = { count: 0, values: new Set(), capped: false };
        this.stats.set(path, s);
      }
      s.count++;
      if (s.capped || SKIP.has(path)) continue;
      if (Array.isArray(v)) for (const x of v) this.value(s, x);
      else this.value(s, v);
    }
  }

  private value(s: FieldStat, v: unknown): void {
    if (typeof v === 'object' && v !== null) return;
    const str = String(v);
    if (str.length > MAX_VALUE_LENGTH || s.values.has(str)) return;
    if (s.values.size >= this.valueCap) {
      s.capped = true;
      return;
    }
    s.values.add(str);
  }

  merge(other: FieldProfile): void {
    for (const [path, n] of Object.entries(other.counts)) {
      let s = this.stats.get(path);
      if (!s) {
        s = { count: 0, values: new Set(), capped: false };
        this.stats.set(path, s);
      }
      s.count += n;
      for (const v of other.values[path] ?? []) this.value(s, v);
      if (other.capped.includes(path)) s.capped = true;
    }
  }

  result(): FieldProfile {
    const counts: Record<string, number> = {};
    const values: Record<string, string[]> = {};
    const capped: string[] = [];
    for (const path of [...this.stats.keys()].sort()) {
      const s = this.stats.get(path)!;
      counts[path] = s.count;
      values[path] = [...s.values];
      if (s.capped) capped.push(path);
    }
    return { counts, values, capped, valueCap: this.valueCap };
  }
}

/** A path as written in a query (`process.parent.name`) read from nested or dotted docs. */
export function hasField(profile: FieldProfile, path: string): boolean {
  return (profile.counts[path] ?? 0) > 0;
}

export interface FieldGap {
  field: string;
  /** `absent`: no event has it; `value`: present, but never with the value the rule needs. */
  kind: 'absent' | 'value';
  message: string;
}

/**
 * The fields a rule's stage reads that this data never has, for "why is this rule silent".
 * `expected` optionally names values the rule compares a field with (case-insensitively); a
 * field whose full list of seen values (not capped) contains none of them is reported too.
 */
export function fieldGaps(
  profile: FieldProfile,
  fields: readonly string[],
  expected: Record<string, readonly (string | number)[]> = {},
): FieldGap[] {
  const gaps: FieldGap[] = [];
  for (const field of fields) {
    if (!hasField(profile, field)) {
      gaps.push({ field, kind: 'absent', message: `no event has \`${field}\`` });
      continue;
    }
    const want = expected[field];
    if (!want || !want.length || profile.capped.includes(field)) continue;
    const seen = new Set((profile.values[field] ?? []).map((v) => v.toLowerCase()));
    if (!want.some((w) => seen.has(String(w).toLowerCase())))
      gaps.push({
        field,
        kind: 'value',
        message: `\`${field}\` is never ${want.map((w) => JSON.stringify(w)).join(' or ')} (seen: ${[...seen].map((v) => JSON.stringify(v)).join(', ')})`,
      });
  }
  return gaps;
}
