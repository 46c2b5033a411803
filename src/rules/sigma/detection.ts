// Search identifiers → boolean trees: a map ANDs its field conditions, a list ORs its items,
// a list of plain values is a keyword search. Each field condition becomes EQL predicates on
// the mapped event field(s): case-insensitive `:` for Sigma's default matching (wildcards
// included), `like` when `cased`, `regex`/`regex~` where `:` cannot say it (a literal `*`
// or `?`, the re modifier), cidrmatch, comparisons and null checks.
import { CannotRun, InvalidSigma } from './errors.ts';
import { eqlField, eqlString } from './eql-text.ts';
import { and, not, or, pred, type Expr } from './expr.ts';
import { KEYWORD_FIELDS, mapField, type LogsourceKey } from './fields.ts';
import { applyModifiers, readValue, type Modified, type Value } from './modifiers.ts';
import { translateRegex } from './regex.ts';
import {
  hasLiteralWildcardChars,
  toLuceneRegex,
  toWildcardPattern,
  wrapStars,
} from './sigma-string.ts';

type Path = (string | number)[];

export function searchIdentifier(value: unknown, ls: LogsourceKey, path: Path): Expr {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InvalidSigma('a search identifier list is empty', path);
    const maps = value.filter((v) => isMap(v));
    const plain = value.filter((v) => !isMap(v));
    const items = maps.map((m, i) => mapExpr(m as Record<string, unknown>, ls, [...path, i]));
    if (plain.length) items.push(keywords([], plain, path));
    return or(items);
  }
  if (isMap(value)) return mapExpr(value as Record<string, unknown>, ls, path);
  if (typeof value === 'string' || typeof value === 'number') return keywords([], [value], path);
  throw new InvalidSigma('a search identifier must be a map or a list', path);
}

const isMap = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

function mapExpr(map: Record<string, unknown>, ls: LogsourceKey, path: Path): Expr {
  const keys = Object.keys(map);
  if (keys.length === 0) throw new InvalidSigma('a search identifier map is empty', path);
  return and(
    keys.map((key) => {
      const [field, ...mods] = key.split('|');
      const raw = map[key];
      const values = Array.isArray(raw) ? raw : [raw];
      if (values.length === 0)
        throw new InvalidSigma(`${key} has an empty list of values`, [...path, key]);
      if (field === '') return keywords(mods, values, [...path, key]);
      return fieldExpr(field, mods, values, ls, [...path, key]);
    }),
  );
}

function readValues(values: unknown[], path: Path): Value[] {
  return values.map((v, i) => readValue(v, [...path, i]));
}

/** Modifier problems are found without a position; they belong to the item's key. */
function modified(mods: string[], raw: unknown[], path: Path): Modified {
  try {
    return applyModifiers(mods, readValues(raw, path));
  } catch (e) {
    if (e instanceof InvalidSigma && e.path.length === 0) throw new InvalidSigma(e.message, path);
    throw e;
  }
}

function fieldExpr(
  field: string,
  mods: string[],
  raw: unknown[],
  ls: LogsourceKey,
  path: Path,
): Expr {
  const m = modified(mods, raw, path);
  if (m.all && raw.length < 2 && m.type === 'match' && m.values.length < 2)
    throw new InvalidSigma(`${field}: the all modifier needs a list of values`, path);
  const target = mapField(field, ls);
  const targets = Array.isArray(target) ? target : [target];
  const exprs = targets.map((t) => valuesExpr(t, m, ls));
  return Array.isArray(target) ? or(exprs) : exprs[0];
}

function keywords(mods: string[], raw: unknown[], path: Path): Expr {
  const m = modified(mods, raw, path);
  if (m.type !== 'match')
    throw new CannotRun(`keywords|${m.type}`, 'keyword searches take only string modifiers');
  // One keyword matches when any of the event's text fields holds it.
  const each = m.values.map((v) =>
    or(KEYWORD_FIELDS.map((f) => valuesExpr(f, { ...m, values: [asContains(v)] }, {}))),
  );
  return m.all ? and(each) : or(each);
}

/** Keywords are searched as substrings of the event's text, as full-text search finds them. */
function asContains(v: Value): Value {
  if (v.t === 'str') return { ...v, s: wrapStars(v.s, true, true) };
  if (v.t === 'null') throw new InvalidSigma('a keyword cannot be null');
  const text = String(v.t === 'num' ? v.n : v.b);
  return { t: 'str', s: wrapStars([text], true, true), raw: text, bytes: false };
}

function valuesExpr(path: string, m: Modified, ls: LogsourceKey): Expr {
  const f = eqlField(path);
  const guard = [eqlField(path, true)];
  const combine = (items: Expr[]): Expr => (m.all ? and(items) : or(items));
  let e: Expr;
  switch (m.type) {
    case 'exists': {
      const v = m.values[0];
      const want =
        v.t === 'bool' ? v.b : v.t === 'str' ? v.raw.toLowerCase() === 'true' : undefined;
      if (m.values.length !== 1 || want === undefined)
        throw new InvalidSigma('exists takes true or false');
      e = pred(`${eqlField(path, true)} ${want ? '!=' : '=='} null`);
      break;
    }
    case 'cidr': {
      // cidrmatch takes several networks and holds when any does.
      const nets = (vs: Value[]): Expr =>
        pred(`cidrmatch(${f}, ${vs.map((v) => eqlString(strOf(v, 'cidr'))).join(', ')})`, guard);
      e = m.all ? and(m.values.map((v) => nets([v]))) : nets(m.values);
      break;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[m.type];
      e = combine(m.values.map((v) => pred(`${f} ${op} ${numOf(v, m.type)}`, guard)));
      break;
    }
    case 're':
      e = combine(
        m.values.map((v) => {
          const r = translateRegex(strOf(v, 're'), m.re);
          return pred(`${f} ${r.insensitive ? 'regex~' : 'regex'} ${eqlString(r.pattern)}`, guard);
        }),
      );
      break;
    case 'fieldref':
      e = combine(m.values.map((v) => fieldRef(path, strOf(v, 'fieldref'), m, ls)));
      break;
    default:
      e = matchExpr(f, guard, m);
  }
  return m.neq ? not(e) : e;
}

function strOf(v: Value, mod: string): string {
  if (v.t === 'str') return v.raw;
  if (v.t === 'num') return String(v.n);
  throw new InvalidSigma(`${mod} needs a string value`);
}

function numOf(v: Value, mod: string): number {
  const n = v.t === 'num' ? v.n : v.t === 'str' ? Number(v.raw) : NaN;
  if (!Number.isFinite(n)) throw new InvalidSigma(`${mod} needs a number`);
  return n;
}

/** Field against field; case-insensitive as Sigma's matching is, via the ~ string functions. */
function fieldRef(path: string, other: string, m: Modified, ls: LogsourceKey): Expr {
  const o = mapField(other, ls);
  if (Array.isArray(o)) throw new CannotRun('fieldref', `${other} maps to several fields`);
  const a = eqlField(path);
  const b = eqlField(o);
  const guard = [eqlField(path, true), eqlField(o, true)];
  const fn = m.cased ? '' : '~';
  if (m.position === 'startswith') return pred(`startsWith${fn}(${a}, ${b})`, guard);
  if (m.position === 'endswith') return pred(`endsWith${fn}(${a}, ${b})`, guard);
  if (m.position === 'contains') return pred(`stringContains${fn}(${a}, ${b})`, guard);
  if (m.cased) return pred(`${a} == ${b}`, guard);
  return pred(`length(${a}) == length(${b}) and startsWith~(${a}, ${b})`, guard);
}

/** Plain values: one `:` (or `like`) over every value it can express, the rest as regex. */
function matchExpr(f: string, guard: string[], m: Modified): Expr {
  const items: Expr[] = [];
  const patterns: string[] = [];
  const numbers: number[] = [];
  const op = m.cased ? 'like' : ':';
  for (const v of m.values) {
    if (v.t === 'null') {
      items.push(pred(`${guard[0]} == null`));
    } else if (v.t === 'num' && !m.cased) {
      if (m.all) items.push(pred(`${f} == "${v.n}"`, guard));
      else numbers.push(v.n);
    } else if (v.t === 'bool' || v.t === 'num') {
      patterns.push(String(v.t === 'num' ? v.n : v.b));
    } else if (v.s.length === 0) {
      // Windows leaves empty fields out of many exports; Sigma's '' means "empty" either way.
      items.push(or([pred(`${guard[0]} == null`), pred(`${f} ${op} ""`, guard)]));
    } else if (hasLiteralWildcardChars(v.s)) {
      items.push(
        pred(`${f} ${m.cased ? 'regex' : 'regex~'} ${eqlString(toLuceneRegex(v.s))}`, guard),
      );
    } else if (m.all) {
      items.push(pred(`${f} ${op} ${eqlString(toWildcardPattern(v.s))}`, guard));
    } else patterns.push(toWildcardPattern(v.s));
  }
  // Numbers compare as strings: Windows writes them so, and EQL still compares a numeric
  // field with a numeric string by value. The string form is the fast path (see logsource).
  if (numbers.length === 1) items.unshift(pred(`${f} == "${numbers[0]}"`, guard));
  else if (numbers.length > 1)
    items.unshift(pred(`${f} in (${numbers.map((n) => `"${n}"`).join(', ')})`, guard));
  if (patterns.length === 1) items.unshift(pred(`${f} ${op} ${eqlString(patterns[0])}`, guard));
  else if (patterns.length > 1)
    items.unshift(pred(`${f} ${op} (${patterns.map(eqlString).join(', ')})`, guard));
  return m.all ? and(items) : or(items);
}
