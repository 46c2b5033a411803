// FieldProfiler: which field paths the data has, how often, and a few of their values, so
// the user can be told why a rule's condition can never hold on this data set.
import type { Doc, FieldProfile } from './types.ts';

// One node per field path, found by key from its parent: walking a document costs one short
// Map lookup per key, with no path strings built on the hot path. The nodes say only where a
// path is; what one file saw of it (count, values) is that file's profiler's, by node id.
interface FieldNode {
  readonly id: number;
  readonly path: string;
  readonly skipValues: boolean;
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

/**
 * The field paths met so far and the walks' memos, shared by the profiles of every file read
 * while it stays small. A tree of nodes, Maps and memos made afresh for each file (a few hundred
 * objects) outlived the scavenges its file's events triggered and was promoted, and the bytes
 * the scavenges copied doubled (both OTRF exports: 276 MB against 144 MB without a profile,
 * over 60 passes). Shared, they are made once; a file allocates only its counts and values.
 * Nodes and memos are a cache of where each path is, so files read at once may share them.
 */
class Schema {
  readonly nodes: FieldNode[] = [];
  readonly root = this.node('');
  readonly memoByKind = new Map<string, Memo>();

  private node(path: string): FieldNode {
    const n: FieldNode = {
      id: this.nodes.length,
      path,
      skipValues: SKIP_VALUES.has(path),
      children: null,
    };
    this.nodes.push(n);
    return n;
  }

  child(parent: FieldNode, key: string): FieldNode {
    let kids = parent.children;
    if (!kids) kids = parent.children = new Map();
    let c = kids.get(key);
    if (!c) {
      c = this.node(parent.path ? `${parent.path}.${key}` : key);
      kids.set(key, c);
    }
    return c;
  }
}

// A hostile file's made-up keys must not grow the shared tree for ever: a profile begun when it
// is this large starts a new one (the old one lives on with the profiles that use it).
const MAX_SHARED_NODES = 20_000;
const MAX_SHARED_KINDS = 4_096;
let shared = new Schema();

function schemaForNewProfile(): Schema {
  if (shared.nodes.length > MAX_SHARED_NODES || shared.memoByKind.size > MAX_SHARED_KINDS)
    shared = new Schema();
  return shared;
}

// Walking every field of every event costs as much as parsing it. Events of one kind share
// their fields, so the first FULL events of each (channel, event id) are all profiled and
// after that one in SAMPLE_EVERY: rare kinds are always complete, common ones sampled. The
// others only have their keys checked (presence), so which fields exist stays exact.
const FULL = 256;
const MAX_DEPTH = 32;
const SAMPLE_EVERY = 16;

export class FieldProfiler {
  private readonly schema = schemaForNewProfile();
  private readonly root = this.schema.root;
  // This file's view of the shared nodes, by id. `counts` is -1 for a node this file has not
  // reached (one load per key tells both), and `order` lists the nodes as it first reached
  // them: a profile of its own made its nodes in that order, and the order decides how two
  // routes to one dotted path (flat and nested) merge their values.
  private counts = new Float64Array(256).fill(-1);
  private capped = new Uint8Array(256);
  private readonly order: FieldNode[] = [];
  private readonly values: (string[] | undefined)[] = [];
  /** The value met last per node: consecutive events mostly repeat it, found before any search. */
  private readonly last: unknown[] = [];
  private readonly seenByKind = new Map<string, number>();
  private profiled = 0;
  private events = 0;
  constructor(readonly valueCap = 8) {}

  /** Profiles the document, or only counts it when its kind (`channel|id`) is sampled. */
  add(doc: Doc, kind = ''): void {
    this.events++;
    const n = (this.seenByKind.get(kind) ?? 0) + 1;
    this.seenByKind.set(kind, n);
    const memos = this.schema.memoByKind;
    let m = memos.get(kind);
    if (m === undefined) memos.set(kind, (m = memo()));
    if (n > FULL && n % SAMPLE_EVERY !== 0) {
      this.presence(doc, this.root, m);
      return;
    }
    this.profiled++;
    this.walk(doc, this.root, m);
  }

  /** Notes the first time this file reaches node `c` (the arrays grow with the shared tree). */
  private meet(c: FieldNode): void {
    const id = c.id;
    if (id >= this.counts.length) {
      const size = Math.max(id + 1, this.counts.length * 2);
      const counts = new Float64Array(size).fill(-1);
      counts.set(this.counts);
      this.counts = counts;
      const capped = new Uint8Array(size);
      capped.set(this.capped);
      this.capped = capped;
    }
    this.counts[id] = 0;
    this.order.push(c);
  }

  private child(parent: FieldNode, key: string): FieldNode {
    const c = this.schema.child(parent, key);
    // Not `< 0`: past the end of the array (a node newer than it) reads undefined.
    if (!(this.counts[c.id] >= 0)) this.meet(c);
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
      const id = c.id;
      const n = this.counts[id];
      if (!(n >= 0)) this.meet(c);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        this.walk(v as Record<string, unknown>, c, (m.subs[i++] ??= memo()), depth + 1);
        continue;
      }
      i++;
      this.counts[id] = n >= 0 ? n + 1 : 1;
      if (this.capped[id] === 1 || c.skipValues || v === this.last[id]) continue;
      if (Array.isArray(v)) for (const x of v) this.value(c, x);
      else {
        this.value(c, v);
        // Never a long text: comparing one with the next event's would read both.
        if (typeof v !== 'string' || v.length <= MAX_VALUE_LENGTH) this.last[id] = v;
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
      const id = c.id;
      const n = this.counts[id];
      if (!(n >= 0)) this.meet(c);
      const v = o[k];
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        this.presence(v as Record<string, unknown>, c, (m.subs[i++] ??= memo()), depth + 1);
        continue;
      }
      i++;
      if (!(n > 0)) {
        this.counts[id] = 1;
        if (c.skipValues) continue;
        if (Array.isArray(v)) for (const x of v) this.value(c, x);
        else this.value(c, v);
      }
    }
  }

  private value(s: FieldNode, v: unknown): void {
    if (typeof v === 'object' && v !== null) return;
    const str = typeof v === 'string' ? v : String(v);
    const values = (this.values[s.id] ??= []);
    if (str.length > MAX_VALUE_LENGTH || values.includes(str)) return;
    if (values.length >= this.valueCap) {
      this.capped[s.id] = 1;
      return;
    }
    values.push(str);
  }

  /** Adds another profile's counts and values (e.g. of another file of the same data set). */
  merge(other: FieldProfile): void {
    for (const [path, n] of Object.entries(other.counts)) {
      let at = this.root;
      for (const k of path.split('.')) at = this.child(at, k);
      this.counts[at.id] += n;
      for (const v of other.values[path] ?? []) this.value(at, v);
      if (other.capped.includes(path)) this.capped[at.id] = 1;
    }
    this.profiled += other.profiled;
    this.events += other.events;
  }

  result(): FieldProfile {
    // No prototype: a field called `__proto__` must be a key like any other.
    const counts: Record<string, number> = Object.create(null) as Record<string, number>;
    const values: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    const capped: string[] = [];
    const leaves = this.order
      .filter((n) => this.counts[n.id] > 0)
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    // Nested and flat dotted documents reach one path by two routes: add them up.
    // Own keys only: field names come from the input (`constructor`, `toString`, …).
    for (const s of leaves) {
      const seen = Object.hasOwn(counts, s.path);
      const own = this.values[s.id] ?? [];
      counts[s.path] = (seen ? counts[s.path] : 0) + this.counts[s.id];
      const vs = seen ? [...new Set([...values[s.path], ...own])] : own;
      values[s.path] = vs.slice(0, this.valueCap);
      if ((this.capped[s.id] === 1 || vs.length > this.valueCap) && !capped.includes(s.path))
        capped.push(s.path);
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
