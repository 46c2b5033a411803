// Turns a condition into closures, one per node, children first, so evaluating an event
// is a chain of direct calls with no tree walking, no per-event lookups of field paths and
// no pattern compilation. Booleans follow three-valued logic: true, false or null.
import type * as ast from './ast.ts';
import type { Doc } from './compiled.ts';
import { compileDateCompare, compileDateIn } from './compile-dates.ts';
import { fieldGetter } from './fields.ts';
import { arithmetic, inCidr, lookupFunction, parseCidr, type CidrBlock } from './functions.ts';
import { regexMatcher } from './regex.ts';
import { andOf, notOf, orOf } from './three-valued.ts';
import {
  anyValue,
  compareScalars,
  isNullish,
  orderScalars,
  single,
  toNumber,
  toText,
  type Truth,
} from './values.ts';
import { TextSet } from './text-set.ts';
import { wildcardMatcher, type TextMatcher } from './wildcard.ts';
import { fieldPath } from './walk.ts';

export type Evaluator = (doc: Doc) => unknown;

/** Shared across a query so equal fields and patterns are compiled once. */
export class CompileContext {
  private readonly getters = new Map<string, Evaluator>();
  private readonly matchers = new Map<string, TextMatcher>();

  /**
   * @param dateFields fields that hold dates (see dates.ts), compared as instants
   * @param source the query text, for errors found while compiling
   * @param nullValues per field, what an explicit null reads as (a mapping's `null_value`)
   */
  constructor(
    readonly dateFields: ReadonlySet<string> = new Set(),
    readonly source = '',
    private readonly nullValues: Readonly<Record<string, unknown>> = {},
  ) {}

  getter(path: string): Evaluator {
    let g = this.getters.get(path);
    if (!g) {
      g = fieldGetter(path);
      if (Object.hasOwn(this.nullValues, path)) g = withNullValue(g, this.nullValues[path]);
      this.getters.set(path, g);
    }
    return g;
  }

  matcher(kind: 'wildcard' | 'regex', pattern: string, fold: boolean): TextMatcher {
    const key = `${kind}\u0000${fold ? 1 : 0}\u0000${pattern}`;
    let m = this.matchers.get(key);
    if (!m) {
      // A folded wildcard expects lowercased input; regex~ folds inside its automaton.
      if (kind === 'regex') m = regexMatcher(pattern, fold);
      else m = wildcardMatcher(fold ? pattern.toLowerCase() : pattern);
      this.matchers.set(key, m);
    }
    return m;
  }
}

// Elasticsearch indexes an explicit null of a field mapped with `null_value` as that value,
// so searches see the value; an absent field stays absent.
function withNullValue(get: Evaluator, value: unknown): Evaluator {
  return (doc) => {
    const v = get(doc);
    if (v === null) return value;
    return Array.isArray(v) ? v.map((x) => (x === null ? value : x)) : v;
  };
}

const MATH_FUNCTIONS: Record<string, ast.ArithOp> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  modulo: '%',
};

/** Whether an expression is statically a floating-point number (a decimal literal in it). */
function isFloat(e: ast.Expr): boolean {
  switch (e.type) {
    case 'Number':
      return !e.integer;
    case 'Arith':
      return isFloat(e.left) || isFloat(e.right);
    case 'Negate':
      return isFloat(e.operand);
    case 'Call': {
      const op = MATH_FUNCTIONS[e.name.toLowerCase()];
      return op !== undefined && e.args.some(isFloat);
    }
    default:
      return false;
  }
}

export function compileExpr(e: ast.Expr, ctx: CompileContext): Evaluator {
  switch (e.type) {
    case 'Number':
    case 'String':
    case 'Boolean': {
      const value = e.value;
      return () => value;
    }
    case 'Null':
      return () => null;
    case 'Field':
      return ctx.getter(fieldPath(e));
    case 'Not':
      return notOf(compileExpr(e.operand, ctx));
    case 'Logical': {
      const l = compileExpr(e.left, ctx);
      const r = compileExpr(e.right, ctx);
      return e.op === 'and' ? andOf(l, r) : orOf(l, r);
    }
    case 'Compare':
      return compileCompare(e, ctx);
    case 'Arith': {
      const l = compileExpr(e.left, ctx);
      const r = compileExpr(e.right, ctx);
      const op = e.op;
      const float = isFloat(e);
      return (doc) => arithmetic(op, l(doc), r(doc), float);
    }
    case 'Negate': {
      const f = compileExpr(e.operand, ctx);
      return (doc) => {
        const n = toNumber(single(f(doc)));
        return Number.isNaN(n) ? null : -n;
      };
    }
    case 'Match':
      return compileMatch(e, ctx);
    case 'In':
      return compileIn(e, ctx);
    case 'Call':
      return compileCall(e, ctx);
  }
}

function equalsScalar(a: unknown, b: unknown): Truth {
  const c = compareScalars(a, b);
  return Number.isNaN(c) ? false : c === 0;
}

/** What a comparison's result (negative, zero, positive) must be for `op` to hold. */
export function orderTest(op: ast.CompareOp): (c: number) => boolean {
  switch (op) {
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
    default:
      return (c) => c === 0;
  }
}

/**
 * Lifts a scalar comparison over both sides being possibly multi-valued: true when any pair
 * holds, null when no pair has two usable values. Plain loops: this runs per event and must
 * not allocate.
 */
function lift(l: unknown, r: unknown, test: (a: unknown, b: unknown) => Truth): Truth {
  if (Array.isArray(r)) {
    let sawFalse = false;
    for (let i = 0; i < r.length; i++) {
      const t = lift(l, r[i], test);
      if (t === true) return true;
      if (t === false) sawFalse = true;
    }
    return sawFalse ? false : null;
  }
  if (Array.isArray(l)) {
    let sawFalse = false;
    for (let i = 0; i < l.length; i++) {
      const t = lift(l[i], r, test);
      if (t === true) return true;
      if (t === false) sawFalse = true;
    }
    return sawFalse ? false : null;
  }
  if (l === null || l === undefined || r === null || r === undefined) return null;
  return test(l, r);
}

function compileCompare(e: ast.Compare, ctx: CompileContext): Evaluator {
  const { op } = e;
  // `x == null` / `x != null` test presence, as Elasticsearch rewrites them to IS NULL.
  if (e.left.type === 'Null' || e.right.type === 'Null') {
    const other = compileExpr(e.left.type === 'Null' ? e.right : e.left, ctx);
    if (op === '==') return (doc) => isNullish(other(doc));
    if (op === '!=') return (doc) => !isNullish(other(doc));
    return () => null;
  }
  const l = compileExpr(e.left, ctx);
  const r = compileExpr(e.right, ctx);
  const optionalLeft = e.left.type === 'Field' && e.left.optional;
  const optionalRight = e.right.type === 'Field' && e.right.optional;
  if (optionalLeft || optionalRight) {
    // An absent `?field` is the null literal, as Elasticsearch substitutes it when no index
    // maps the field: `?x == null` holds, and `?x == ?y` holds when both are absent.
    const plain = compileCompare(
      { ...e, left: stripOptional(e.left), right: stripOptional(e.right) },
      ctx,
    );
    return (doc) => {
      const a = optionalLeft ? l(doc) : undefined;
      const b = optionalRight ? r(doc) : undefined;
      const nullA = optionalLeft && isNullish(a);
      const nullB = optionalRight && isNullish(b);
      if (!nullA && !nullB) return plain(doc);
      const other = nullA ? (optionalRight ? b : r(doc)) : optionalLeft ? a : l(doc);
      if (op === '==') return isNullish(other);
      if (op === '!=') return !isNullish(other);
      return null;
    };
  }
  const dated = compileDateCompare(e, ctx, (x) => compileExpr(x, ctx));
  if (dated) return dated;
  if (op === '==' || op === '!=') {
    const negate = op === '!=';
    // The overwhelmingly common shape: a field against a string constant.
    if (e.right.type === 'String' || e.left.type === 'String') {
      const constant =
        e.right.type === 'String' ? e.right.value : (e.left as ast.StringLiteral).value;
      const v = e.right.type === 'String' ? l : r;
      return (doc) => {
        const x = v(doc);
        let t: Truth;
        if (typeof x === 'string') t = x === constant;
        else if (Array.isArray(x) && x.length > 0 && typeof x[0] === 'string') {
          // Multi-valued keyword fields (event.type, process.args) are the common array.
          t = x.includes(constant) || lift(x, constant, equalsScalar);
        } else t = lift(x, constant, equalsScalar);
        return t === null ? null : negate ? !t : t;
      };
    }
    return (doc) => {
      const a = l(doc);
      const b = r(doc);
      let t: Truth;
      if (typeof a === 'number' && typeof b === 'number') t = a === b;
      else t = lift(a, b, equalsScalar);
      return t === null ? null : negate ? !t : t;
    };
  }
  const accept = orderTest(op);
  const test = (a: unknown, b: unknown): Truth => {
    const c = orderScalars(a, b);
    return Number.isNaN(c) ? null : accept(c);
  };
  return (doc) => {
    const a = l(doc);
    const b = r(doc);
    if (typeof a === 'number' && typeof b === 'number') return accept(a - b);
    return lift(a, b, test);
  };
}

function stripOptional(e: ast.Expr): ast.Expr {
  return e.type === 'Field' && e.optional ? { ...e, optional: false } : e;
}

function compileMatch(e: ast.Match, ctx: CompileContext): Evaluator {
  const operand = compileExpr(e.operand, ctx);
  const fold = e.op === ':' || e.op === 'like~' || e.op === 'regex~';
  const kind = e.op === 'regex' || e.op === 'regex~' ? 'regex' : 'wildcard';
  const exact = new TextSet();
  const matchers: TextMatcher[] = [];
  for (const p of e.patterns) {
    if (p.type === 'Null') continue;
    const text = String(p.value);
    if (kind === 'wildcard' && !text.includes('*') && !text.includes('?'))
      exact.add(fold ? text.toLowerCase() : text);
    else matchers.push(ctx.matcher(kind, text, fold));
  }
  const foldInput = fold && kind === 'wildcard';
  const test = (x: unknown): Truth => {
    let s = typeof x === 'string' ? x : toText(x);
    if (s === null || typeof x === 'object') return null;
    // Exact texts alone, none of this length: false, without a lower-cased copy.
    if (
      matchers.length === 0 &&
      !(foldInput ? exact.mayHaveLower(s) : exact.mayHaveLength(s.length))
    )
      return false;
    if (foldInput) s = s.toLowerCase();
    if (exact.has(s)) return true;
    for (let i = 0; i < matchers.length; i++) if (matchers[i](s)) return true;
    return false;
  };
  return (doc) => {
    const v = operand(doc);
    return Array.isArray(v) ? anyValue(v, test) : v === null || v === undefined ? null : test(v);
  };
}

function compileIn(e: ast.In, ctx: CompileContext): Evaluator {
  const dated = compileDateIn(e, ctx, (x) => compileExpr(x, ctx));
  if (dated) return dated;
  const operand = compileExpr(e.operand, ctx);
  const fold = e.insensitive;
  const strings = new TextSet();
  const numbers = new Set<number>();
  const numericStrings = new Set<number>();
  const booleans = new Set<boolean>();
  const dynamic: Evaluator[] = [];
  for (const v of e.values) {
    if (v.type === 'String') {
      strings.add(fold ? v.value.toLowerCase() : v.value);
      const n = toNumber(v.value);
      if (!Number.isNaN(n)) numericStrings.add(n);
    } else if (v.type === 'Number') numbers.add(v.value);
    else if (v.type === 'Boolean') booleans.add(v.value);
    else if (v.type === 'Null') continue;
    else dynamic.push(compileExpr(v, ctx));
  }
  const member = (x: unknown, doc: Doc): Truth => {
    if (typeof x === 'string') {
      if (fold ? strings.mayHaveLower(x) && strings.has(x.toLowerCase()) : strings.has(x))
        return true;
      if (numbers.size > 0) {
        const n = toNumber(x);
        if (!Number.isNaN(n) && numbers.has(n)) return true;
      }
    } else if (typeof x === 'number') {
      if (numbers.has(x) || numericStrings.has(x)) return true;
    } else if (typeof x === 'boolean') {
      if (booleans.has(x)) return true;
    } else return null;
    for (const d of dynamic) {
      const other = d(doc);
      const t = lift(x, other, (a, b) =>
        fold && typeof a === 'string' && typeof b === 'string'
          ? a.toLowerCase() === b.toLowerCase()
          : equalsScalar(a, b),
      );
      if (t === true) return true;
    }
    return false;
  };
  const negate = e.negated;
  const anyMember = (v: unknown, doc: Doc): Truth => {
    if (!Array.isArray(v)) return v === null || v === undefined ? null : member(v, doc);
    let sawFalse = false;
    for (let i = 0; i < v.length; i++) {
      const t = anyMember(v[i], doc);
      if (t === true) return true;
      if (t === false) sawFalse = true;
    }
    return sawFalse ? false : null;
  };
  return (doc) => {
    const t = anyMember(operand(doc), doc);
    return t === null ? null : negate ? !t : t;
  };
}

function compileCall(e: ast.Call, ctx: CompileContext): Evaluator {
  const spec = lookupFunction(e.name);
  // validate() has already rejected unknown functions; this guards direct AST callers.
  if (!spec) throw new Error(`unknown function ${e.name}`);
  const args = e.args.map((a) => compileExpr(a, ctx));
  const name = spec.name.toLowerCase();
  const mathOp = MATH_FUNCTIONS[name];
  if (mathOp) {
    const float = e.args.some(isFloat);
    const [a, b] = args;
    return (doc) => arithmetic(mathOp, a(doc), b(doc), float);
  }
  if (name === 'cidrmatch' && e.args.slice(1).every((a) => a.type === 'String')) {
    const blocks = e.args
      .slice(1)
      .map((a) => parseCidr((a as ast.StringLiteral).value))
      .filter((b): b is CidrBlock => b !== null);
    const ip = args[0];
    const inAnyBlock = (x: unknown): Truth => {
      const text = toText(x);
      if (text === null) return null;
      for (const b of blocks) if (inCidr(text, b)) return true;
      return false;
    };
    return (doc) => anyValue(ip(doc), inAnyBlock);
  }
  const fn = spec.make(e.name.endsWith('~'));
  const values: unknown[] = new Array(args.length);
  return (doc) => {
    for (let i = 0; i < args.length; i++) values[i] = args[i](doc);
    return fn(values);
  };
}
