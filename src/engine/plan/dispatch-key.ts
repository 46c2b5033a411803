// Which top-level conjunct of a stage lets the plan skip the stage without evaluating it:
// one that can only be true when a field holds one of a few known strings. For such a
// conjunct the plan keeps a hash from each (lower-cased, where the operator folds) string to
// the stages that want it, so an event meets only the stages whose strings it holds.
//
// Only string-against-string shapes qualify, because there the operator is plain equality:
//   field : "a"  /  field : ("a", "b")     (no wildcard)  → equality after lower-casing
//   field like "a"                                        → exact equality
//   field in ("a", "b")  /  field in~ (…)                 → exact / lower-cased equality
//   field == "a"                                          → exact equality
//   atom or atom …                                        → any of them, possibly on other fields
// A wildcard pattern qualifies too, as a necessary condition only: `field : "adexp*.exe"`
// holds only if the (lower-cased) value starts with `adexp`, `field : "*\\x\\mmc.exe"` only
// if it ends with `\x\mmc.exe`, and `field : "?:\\perflogs\\*.exe"` only if its text from
// the second unit on starts with `:\perflogs\` (the longer of such a start and the end is
// kept). A pattern with stars at both ends qualifies by its longest literal run, if that is
// at least MIN_INFIX units: `field : "*-encodedcommand*"` only if the value contains it.
// Such a key narrows the stages an event meets, but the stage's whole test still runs.
// An event value that is not a string (a number, a boolean, an object) may still satisfy
// these operators through coercion; the plan then offers the event every stage of that
// field rather than guess (see RulePlan).
import type * as ast from '../../eql/ast.ts';
import { walk } from '../../eql/walk.ts';

/** One way the conjunct can hold: the field has one of `values`. */
export interface DispatchAtom {
  readonly field: string;
  /** Values compared lower-cased (`:`, `like~`, `in~`). */
  readonly fold: boolean;
  readonly values: readonly string[];
  /**
   * Literal starts and ends of wildcard patterns: the value must start or end with one. A
   * start may begin with `?`s, one unit of the value each, which it skips: `?:\\x` holds
   * for `c:\x…` and `d:\x…`.
   */
  readonly prefixes?: readonly string[];
  readonly suffixes?: readonly string[];
  /** Literal runs of `*…*` patterns: the value must contain one. */
  readonly infixes?: readonly string[];
}

/** Shorter runs (`*-e*`, `*.exe*`) are in too many values to narrow anything. */
export const MIN_INFIX = 4;

/** The pattern's longest run of literal units, if it is long enough to key on. */
function infixOf(pattern: string): string | null {
  let best = '';
  for (const run of pattern.split(/[*?]/)) if (run.length > best.length) best = run;
  return best.length >= MIN_INFIX ? best : null;
}

/** The conjunct holds only if at least one atom does. */
export type DispatchKey = readonly DispatchAtom[];

/** The operands of the top-level `and` chain, in source order. */
export function conjunctsOf(e: ast.Expr): ast.Expr[] {
  if (e.type === 'Logical' && e.op === 'and')
    return [...conjunctsOf(e.left), ...conjunctsOf(e.right)];
  return [e];
}

function fieldName(e: ast.Expr): string | null {
  return e.type === 'Field' ? e.path.join('.') : null;
}

const hasWildcard = (s: string) => s.includes('*') || s.includes('?');

/**
 * `partial`: accept wildcard patterns by their literal start or end. Without it an atom holds
 * exactly when the field has one of its values.
 */
function atomOf(e: ast.Expr, partial = false): DispatchAtom | null {
  if (e.type === 'Match' && (e.op === ':' || e.op === 'like' || e.op === 'like~')) {
    const field = fieldName(e.operand);
    const fold = e.op !== 'like';
    const values: string[] = [];
    const prefixes: string[] = [];
    const suffixes: string[] = [];
    const infixes: string[] = [];
    for (const p of e.patterns) {
      if (p.type === 'Null') continue;
      if (p.type !== 'String') return null;
      const text = fold ? p.value.toLowerCase() : p.value;
      if (!hasWildcard(text)) values.push(text);
      else if (!partial) return null;
      else {
        const first = text.search(/[*?]/);
        if (first > 0) {
          prefixes.push(text.slice(0, first));
          continue;
        }
        const last = Math.max(text.lastIndexOf('*'), text.lastIndexOf('?'));
        const suffix = last === text.length - 1 ? '' : text.slice(last + 1);
        const start = offsetStart(text);
        // The longer literal narrows more: `?:\perflogs\*.exe` by `:\perflogs\`, not `.exe`.
        if (start !== null && start.length - start.lastIndexOf('?') - 1 > suffix.length)
          prefixes.push(start);
        else if (suffix !== '') suffixes.push(suffix);
        else {
          const infix = infixOf(text);
          if (infix === null) return null;
          infixes.push(infix);
        }
      }
    }
    if (field === null) return null;
    if (!prefixes.length && !suffixes.length && !infixes.length) return { field, fold, values };
    return infixes.length
      ? { field, fold, values, prefixes, suffixes, infixes }
      : { field, fold, values, prefixes, suffixes };
  }
  if (e.type === 'In' && !e.negated) {
    const field = fieldName(e.operand);
    const values: string[] = [];
    for (const v of e.values) {
      if (v.type === 'Null') continue;
      if (v.type !== 'String') return null;
      values.push(e.insensitive ? v.value.toLowerCase() : v.value);
    }
    return field === null ? null : { field, fold: e.insensitive, values };
  }
  if (e.type === 'Compare' && e.op === '==') {
    const [f, s] = e.left.type === 'String' ? [e.right, e.left] : [e.left, e.right];
    const field = fieldName(f);
    if (field === null || s.type !== 'String') return null;
    return { field, fold: false, values: [s.value] };
  }
  return null;
}

/**
 * A pattern's literal start after its leading `?`s (each exactly one UTF-16 unit, as
 * wildcard.ts matches them), kept with those `?`s: `?:\\users\\*` gives `?:\\users\\`,
 * which a value holds when its text from the second unit on starts with `:\\users\\`. Null
 * when the pattern starts with a star or has no literal there.
 */
function offsetStart(text: string): string | null {
  let k = 0;
  while (text.charCodeAt(k) === 63 /* ? */) k++;
  if (k === 0 || k === text.length) return null;
  const end = text.slice(k).search(/[*?]/);
  if (end === 0) return null;
  return end < 0 ? text : text.slice(0, k + end);
}

/** The conjunct as atoms, or null when it is not of a dispatchable shape. */
export function dispatchKeyOf(e: ast.Expr): DispatchKey | null {
  if (e.type === 'Logical' && e.op === 'or') {
    const l = dispatchKeyOf(e.left);
    const r = l && dispatchKeyOf(e.right);
    return l && r ? [...l, ...r] : null;
  }
  const atom = atomOf(e);
  return atom ? [atom] : null;
}

// Fields nearly every event of a category shares a value of narrow little: hashing on them
// is the last resort. The weights are rough guesses of how many events a value lets through.
const BROAD = new Map<string, number>([
  ['host.os.type', 1000],
  ['host.os.family', 1000],
  ['host.os.name', 1000],
  ['host.os.platform', 1000],
  ['agent.type', 1000],
  ['event.kind', 1000],
  ['event.type', 300],
  ['event.outcome', 300],
  ['event.module', 100],
  ['event.dataset', 100],
  ['event.provider', 100],
  ['data_stream.dataset', 100],
  ['user.domain', 100],
  ['event.category', 50],
]);

const CROWD = 64;

/**
 * How many of a rule set's stages name each value (or literal start, end or run) of a field
 * in a dispatchable shape. A value a great many stages want is more a category than a
 * discriminator: a thousand Sigma process rules start with `winlog.event_id == "1" and
 * winlog.channel == "…Sysmon/Operational" or winlog.event_id == "4688" and …`, and keyed on
 * that every Sysmon process event met all of them (436 stages tried per event).
 */
export class KeyCounts {
  readonly #counts = new Map<string, number>();

  /** Counts each value the condition names, once for the stage. */
  addStage(condition: ast.Expr): void {
    const seen = new Set<string>();
    walk(condition, (n) => {
      const atom = atomOf(n as ast.Expr, true);
      if (atom) for (const k of textsOf(atom)) seen.add(k);
    });
    for (const k of seen) this.#counts.set(k, (this.#counts.get(k) ?? 0) + 1);
  }

  /**
   * How much less selective the value is for being common: 1 until CROWD stages name it, then
   * in proportion. Below that, which rules share a value says little about how many events
   * carry it (67 of Elastic's Windows rules name `powershell.exe`, a rare process).
   */
  of(key: string): number {
    return Math.max(1, (this.#counts.get(key) ?? 0) / CROWD);
  }
}

/** A value of the atom as a counting key, by kind: exact (v), literal start (p), end (s), run (i). */
const keyOf = (a: DispatchAtom, kind: 'v' | 'p' | 's' | 'i', text: string) =>
  `${a.field}\u0000${a.fold ? 1 : 0}\u0000${kind}${text}`;

function textsOf(a: DispatchAtom): string[] {
  return [
    ...a.values.map((v) => keyOf(a, 'v', v)),
    ...(a.prefixes ?? []).map((v) => keyOf(a, 'p', v)),
    ...(a.suffixes ?? []).map((v) => keyOf(a, 's', v)),
    ...(a.infixes ?? []).map((v) => keyOf(a, 'i', v)),
  ];
}

/** A literal run anywhere in the value lets still more values through than a start or end. */
const INFIX_COST = 10;

/** No rule set's counts: every value counts once. */
const UNCOUNTED = new KeyCounts();

/**
 * Lower is better: how many events the key is likely to let through, and, with `counts`,
 * to how many stages each of its values is common. A literal start or end lets more values
 * through than an exact value.
 */
function cost(key: DispatchKey, counts: KeyCounts): number {
  let n = 0;
  for (const a of key) {
    const broad = BROAD.get(a.field) ?? 1;
    for (const v of a.values) n += broad * counts.of(keyOf(a, 'v', v));
    for (const v of a.prefixes ?? []) n += 3 * broad * counts.of(keyOf(a, 'p', v));
    for (const v of a.suffixes ?? []) n += 3 * broad * counts.of(keyOf(a, 's', v));
    for (const v of a.infixes ?? []) n += INFIX_COST * broad * counts.of(keyOf(a, 'i', v));
  }
  return n;
}

/**
 * A key that must hold for `e` to be true, found anywhere in its `and`/`or` structure: any
 * operand's key serves an `and` (the cheapest is kept), an `or` needs one from each side.
 */
export function necessaryKey(e: ast.Expr, counts = UNCOUNTED): DispatchKey | null {
  if (e.type === 'Logical') {
    const l = necessaryKey(e.left, counts);
    const r = necessaryKey(e.right, counts);
    if (e.op === 'or') return l && r ? [...l, ...r] : null;
    if (!l || !r) return l ?? r;
    return cost(r, counts) < cost(l, counts) ? r : l;
  }
  const atom = atomOf(e, true);
  return atom ? [atom] : null;
}

export interface Dispatch {
  readonly key: DispatchKey;
  /** The conjunct the key came from, when the key is all of it (true exactly when a value hits). */
  readonly whole: number | null;
}

/**
 * Picks the most selective key the stage's conjuncts require, or null when none has one;
 * with `counts`, values common to many of the rule set's stages count as less selective.
 */
export function bestDispatch(conjuncts: readonly ast.Expr[], counts = UNCOUNTED): Dispatch | null {
  let best: Dispatch | null = null;
  let bestCost = Infinity;
  conjuncts.forEach((c, at) => {
    const key = necessaryKey(c, counts);
    if (!key || key.length === 0) return;
    const k = cost(key, counts);
    if (k < bestCost) {
      best = { key, whole: dispatchKeyOf(c) ? at : null };
      bestCost = k;
    }
  });
  return best;
}
