// Conjuncts compiled for their truth alone: a stage holds when each of its conjuncts is
// true, so whether a false conjunct is false or null (unknown) never matters there. That
// frees a long `or` from trying its operands one by one: Elastic writes lists of cases such
// as "Unusual Parent-Child Relationship" — thirty `(process.name : "x.exe" and not
// process.parent.name : …)` joined by `or` — where each case can only hold when a field has
// one of a few values. Such an `or` hashes its cases by those values, as the plan hashes
// stages (dispatch-key.ts): an event tries the cases its values name, and those without a
// key, and the `or` is true exactly when one of them is. Under a `not` the three values
// matter again, so a `not` keeps the language's own evaluation below it.
import type * as ast from '../../eql/ast.ts';
import type { Evaluator } from '../../eql/compile-expr.ts';
import type { Doc } from '../../eql/compiled.ts';
import { dispatchKeyOf, type DispatchKey } from './dispatch-key.ts';
import type { PlanContext } from './event-cache.ts';
import { planExpr } from './folded-match.ts';

/** Fewer cases than this are tried one by one: the hash costs more than it saves. */
const MIN_CASES = 6;

/** An evaluator whose result is only ever compared with `true`. */
export type TruthTest = (doc: Doc) => unknown;

function cases(e: ast.Expr, out: ast.Expr[] = []): ast.Expr[] {
  if (e.type === 'Logical' && e.op === 'or') {
    cases(e.left, out);
    cases(e.right, out);
  } else out.push(e);
  return out;
}

/** Exact values (no wildcards) the case needs a field to have, or null. */
function exactKey(e: ast.Expr): DispatchKey | null {
  if (e.type === 'Logical' && e.op === 'and') return exactKey(e.left) ?? exactKey(e.right);
  if (e.type === 'Logical' && e.op === 'or') {
    const l = exactKey(e.left);
    const r = l && exactKey(e.right);
    return l && r ? [...l, ...r] : null;
  }
  return dispatchKeyOf(e);
}

/** The cases of an `or` hashed on one field (lower-cased where the operator folds). */
interface CaseIndex {
  readonly read: Evaluator;
  readonly lower: Evaluator | null;
  readonly byValue: Map<string, number[]>;
  /** Every case of the index: tried when the value is not text. */
  readonly all: number[];
}

/** `e`, compiled to be true exactly when it is true (false or null otherwise, as may be). */
export function truthOf(e: ast.Expr, ctx: PlanContext): TruthTest {
  if (e.type === 'Logical') {
    if (e.op === 'or') {
      const list = cases(e);
      if (list.length >= MIN_CASES) return keyedOr(list, ctx);
    }
    const l = truthOf(e.left, ctx);
    const r = truthOf(e.right, ctx);
    return e.op === 'and'
      ? (doc) => l(doc) === true && r(doc) === true
      : (doc) => l(doc) === true || r(doc) === true;
  }
  return planExpr(e, ctx);
}

function keyedOr(list: readonly ast.Expr[], ctx: PlanContext): TruthTest {
  const tests = list.map((c) => truthOf(c, ctx));
  const unkeyed: number[] = [];
  const indexes: CaseIndex[] = [];
  const byField = new Map<string, CaseIndex>();
  list.forEach((c, i) => {
    const key = exactKey(c);
    if (key === null) {
      unkeyed.push(i);
      return;
    }
    for (const atom of key) {
      const id = `${atom.fold ? 1 : 0}${atom.field}`;
      let index = byField.get(id);
      if (!index) {
        index = {
          read: ctx.getter(atom.field),
          lower: atom.fold ? ctx.lowered(atom.field) : null,
          byValue: new Map(),
          all: [],
        };
        byField.set(id, index);
        indexes.push(index);
      }
      if (!index.all.includes(i)) index.all.push(i);
      for (const v of atom.values) {
        let at = index.byValue.get(v);
        if (!at) index.byValue.set(v, (at = []));
        if (!at.includes(i)) at.push(i);
      }
    }
  });
  // Any true case makes the `or` true: the order cases are tried in does not change that.
  const anyTrue = (at: readonly number[] | undefined, doc: Doc): boolean => {
    if (at === undefined) return false;
    for (let i = 0; i < at.length; i++) if (tests[at[i]](doc) === true) return true;
    return false;
  };
  const inList = (index: CaseIndex, values: readonly unknown[], doc: Doc): boolean => {
    for (const x of values) {
      if (x === null || x === undefined) continue;
      if (typeof x === 'string') {
        if (anyTrue(index.byValue.get(index.lower ? x.toLowerCase() : x), doc)) return true;
      } else if (Array.isArray(x)) {
        if (inList(index, x, doc)) return true;
        // A number, a boolean, an object: it may equal a value through coercion.
      } else return anyTrue(index.all, doc);
    }
    return false;
  };
  return (doc) => {
    for (let k = 0; k < indexes.length; k++) {
      const index = indexes[k];
      const v = index.read(doc);
      if (v === undefined || v === null) continue;
      if (typeof v === 'string') {
        const key = index.lower ? (index.lower(doc) as string) : v;
        if (anyTrue(index.byValue.get(key), doc)) return true;
      } else if (Array.isArray(v) ? inList(index, v, doc) : anyTrue(index.all, doc)) return true;
    }
    return anyTrue(unkeyed, doc);
  };
}
