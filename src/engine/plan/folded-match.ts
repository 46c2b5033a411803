// Conjuncts compiled for the plan where it pays: a case-insensitive wildcard match on a
// field (`process.command_line : ("*a*", "*b*")`) reads the field's lower-cased text from
// the per-event cache instead of lower-casing it again for every rule that tests it. Any
// value that is not a plain string goes to the language's own evaluator, as do all other
// shapes; `not`, `and` and `or` around such matches keep the language's three-valued logic.
import type * as ast from '../../eql/ast.ts';
import { compileExpr, type Evaluator } from '../../eql/compile-expr.ts';
import { andOf, notOf, orOf } from '../../eql/three-valued.ts';
import { TextSet } from '../../eql/text-set.ts';
import type { TextMatcher } from '../../eql/wildcard.ts';
import type { PlanContext } from './event-cache.ts';

function foldedMatch(e: ast.Match, ctx: PlanContext): Evaluator | null {
  if ((e.op !== ':' && e.op !== 'like~') || e.operand.type !== 'Field') return null;
  const exact = new TextSet();
  const matchers: TextMatcher[] = [];
  for (const p of e.patterns) {
    if (p.type === 'Null') continue;
    if (p.type !== 'String') return null;
    if (p.value.includes('*') || p.value.includes('?'))
      matchers.push(ctx.matcher('wildcard', p.value, true));
    else exact.add(p.value.toLowerCase());
  }
  const path = e.operand.path.join('.');
  const raw = ctx.getter(path);
  const lower = ctx.lowered(path);
  const general = compileExpr(e, ctx);
  const n = matchers.length;
  return (doc) => {
    if (typeof raw(doc) !== 'string') return general(doc);
    const s = lower(doc) as string;
    if (exact.has(s)) return true;
    for (let i = 0; i < n; i++) if (matchers[i](s)) return true;
    return false;
  };
}

export function planExpr(e: ast.Expr, ctx: PlanContext): Evaluator {
  switch (e.type) {
    case 'Match':
      return foldedMatch(e, ctx) ?? compileExpr(e, ctx);
    case 'Not':
      return notOf(planExpr(e.operand, ctx));
    case 'Logical': {
      const l = planExpr(e.left, ctx);
      const r = planExpr(e.right, ctx);
      return e.op === 'and' ? andOf(l, r) : orOf(l, r);
    }
    default:
      return compileExpr(e, ctx);
  }
}
