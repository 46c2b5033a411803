// FieldProfiler: which field paths the data has, how often, and a few of their values, so
// the user can be told why a rule's condition can never hold on this data set.
import type { Doc, FieldProfile } from './types.ts';

// One node per field path, found by key from its parent: walking a document costs one short
// Map lookup per key, with no path strings built on the hot path.
interface FieldNode {
  path: string;
  count: number;
  // At most valueCap (a handful): a scan of them with === is cheaper than hashing each fresh
  // string of every event for a Set.
  values: string[];
  /** The value met last: consecutive events mostly repeat it, found before any search. */
  last: unknown;
  capped: boolean;
  skipValues: boolean;
  children: Map<string, FieldNode> | null;
}

// Events of one kind have the same keys in the same order: per kind, each object's keys met
// last time and their nodes, so a walk compares keys (the same interned strings) instead of
// looking each one up in its parent's Map. A key that differs is looked up and remembered.
interface Memo {
  keys: string[];
  nodes: FieldNode[];
  subs: (Memo | undefined)[];
}

const memo = (): Memo => ({ keys: [], nodes: [], subs: [] });

const MAX_VALUE_LENGTH = 120;
// Bulky free text that no detection compares by whole value; listing its values costs for nothing.
const SKIP_VALUES = new Set([
  'message',
  'winlog.event_data.Message',
  'winlog.event_data.ScriptBlockText',
]);

function node(path: string): FieldNode {
  return {
    path,
    count: 0,
    values: [],
    last: undefined,
    capped: false,
    skipValues: SKIP_VALUES.has(path),
    children: null,
  };
}

// Walking every field of every event costs as much as parsing it. Events of one kind share
// their fields, so the first FULL events of each (channel, event id) are all profiled and
// after that one in SAMPLE_EVERY: rare kinds are always complete, common ones sampled. The
// others only have their keys checked (presence), so which fields exist stays exact.
const FULL = 256;
const MAX_DEPTH = 32;
const SAMPLE_EVERY = 16;

export class FieldProfiler {
  private readonly root = node('');
  private readonly leaves: FieldNode[] = [];
  private readonly seenByKind = new Map<string, number>();
  private readonly memoByKind = new Map<string, Memo>();
  private profiled = 0;
  private events = 0;
  constructor(readonly valueCap = 8) {}

  /** Profiles the document, or only counts it when its kind (`channel|id`) is sampled. */
  add(doc: Doc, kind = ''): void {
    this.events++;
    const n = (this.seenByKind.get(kind) ?? 0) + 1;
    this.seenByKind.set(kind, n);
    let m = this.memoByKind.get(kind);
    if (m === undefined) this.memoByKind.set(kind, (m = memo()));
    if (n > FULL && n % SAMPLE_EVERY !== 0) {
      this.presence(doc, this.root, m);
      return;
    }
    this.profiled++;
    this.walk(doc, this.root, m);
  }

  private child(parent: FieldNode, key: string): FieldNode {
    let kids = parent.children;
    if (!kids) kids = parent.children = new Map();
    let c = kids.get(key);
    if (!c) {
      c = node(parent.path ? `${parent.path}.${key}` : key);
      kids.set(key, c);
      this.leaves.push(c);
    }
    return c;
  }

  /** The node of key `k`, met at place `i` of its object, noted in the kind's memo. */
  private remember(at: FieldNode, m: Memo, i: number, k: string): FieldNode {
    const c = this.child(at, k);
    m.keys[i] = k;
    m.nodes[i] = c;
    m.subs[i] = undefined;
    return c;
  }

  private walk(o: Record<string, unknown>, at: FieldNode, m: Memo, depth = 0): void {
    // No event log nests this deep; a hostile record must not exhaust the stack here.
    if (depth > MAX_DEPTH) return;
    let i = 0;
    for (const k in o) {
      const v = o[k];
      const c = m.keys[i] === k ? m.nodes[i] : this.remember(at, m, i, k);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        this.walk(v as Record<string, unknown>, c, (m.subs[i++] ??= memo()), depth + 1);
        continue;
      }
      i++;
      c.count++;
      if (c.capped || c.skipValues || v === c.last) continue;
      if (Array.isArray(v)) for (const x of v) this.value(c, x);
      else {
        this.value(c, v);
        // Never a long text: comparing one with the next event's would read both.
        if (typeof v !== 'string' || v.length <= MAX_VALUE_LENGTH) c.last = v;
      }
    }
  }

  // An event outside the sample still adds any field no profiled event had, so "this field
  // never appears" is exact. Its keys are compared with its kind's memo, as in walk, and
  // nothing else is read; a new field is profiled with its value.
  private presence(o: Record<string, unknown>, at: FieldNode, m: Memo, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    let i = 0;
    for (const k in o) {
      const c = m.keys[i] === k ? m.nodes[i] : this.remember(at, m, i, k);
      const v = o[k];
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        this.presence(v as Record<string, unknown>, c, (m.subs[i++] ??= memo()), depth + 1);
        continue;
      }
      i++;
      if (c.count === 0) {
        c.count = 1;
        if (c.skipValues) continue;
        if (Array.isArray(v)) for (const x of v) this.value(c, x);
        else this.value(c, v);
      }
    }
  }

  private value(s: FieldNode, v: unknown): void {
    if (typeof v === 'object' && v !== null) return;
    const str = typeof v === 'string' ? v : String(v);
    if (str.length > MAX_VALUE_LENGTH || s.values.includes(str)) return;
    if (s.values.length >= this.valueCap) {
      s.capped = true;
      return;
    }
    s.values.push(str);
  }

  /** Adds another profile's counts and values (e.g. of another file of the same data set). */
  merge(other: FieldProfile): void {
    for (const [path, n] of Object.entries(other.counts)) {
      let at = this.root;
      for (const k of path.split('.')) at = this.child(at, k);
      at.count += n;
      for (const v of other.values[path] ?? []) this.value(at, v);
      if (other.capped.includes(path)) at.capped = true;
    }
    this.profiled += other.profiled;
    this.events += other.events;
  }

  result(): FieldProfile {
    // No prototype: a field called `__proto__` must be a key like any other.
    const counts: Record<string, number> = Object.create(null) as Record<string, number>;
    const values: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    const capped: string[] = [];
    const leaves = this.leaves
      .filter((n) => n.count > 0)
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    // Nested and flat dotted documents reach one path by two routes: add them up.
    // Own keys only: field names come from the input (`constructor`, `toString`, …).
    for (const s of leaves) {
      const seen = Object.hasOwn(counts, s.path);
      counts[s.path] = (seen ? counts[s.path] : 0) + s.count;
      const vs = seen ? [...new Set([...values[s.path], ...s.values])] : s.values;
      values[s.path] = vs.slice(0, this.valueCap);
      if ((s.capped || vs.length > this.valueCap) && !capped.includes(s.path)) capped.push(s.path);
    }
    return {
      counts,
      values,
      capped,
      valueCap: this.valueCap,
      profiled: this.profiled,
      events: this.events,
    };
  }
}

/** Whether any event has the field (paths as written in a query, e.g. `process.parent.name`). */
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

/** One profile for a data set of several files. */
export function mergeProfiles(profiles: readonly FieldProfile[]): FieldProfile {
  const p = new FieldProfiler(profiles[0]?.valueCap ?? 8);
  for (const one of profiles) p.merge(one);
  return p.result();
}

export interface StageGaps {
  stage: number;
  text: string;
  gaps: FieldGap[];
}

/**
 * For each stage of a compiled query, the fields it reads that no event of the data set has:
 * a stage with gaps can only match through `?field`, `or` branches or negations, so the user
 * learns why a rule stays silent. Only stages with gaps are returned.
 */
export function stageGaps(
  profile: FieldProfile,
  stages: readonly { index: number; text: string; fields: readonly string[] }[],
): StageGaps[] {
  const out: StageGaps[] = [];
  for (const s of stages) {
    const gaps = fieldGaps(profile, s.fields);
    if (gaps.length) out.push({ stage: s.index, text: s.text, gaps });
  }
  return out;
}
