// Comparisons and `in` lists where one side is a date field (dates.ts decides which fields
// are dates and how literals read). Everything else stays with compile-expr.ts.
import type * as ast from './ast.ts';
import type { CompileContext, Evaluator } from './compile-expr.ts';
import { dateTest, flipCompare, numberBounds, parseDateLiteral, type DateBounds } from './dates.ts';
import { EqlError } from './errors.ts';
import { toEpochMillis } from './timestamp.ts';
import { anyValue, type Truth } from './values.ts';
import { fieldPath } from './walk.ts';

function dateField(e: ast.Expr, ctx: CompileContext): string | null {
  if (e.type !== 'Field') return null;
  const path = fieldPath(e);
  return ctx.dateFields.has(path) ? path : null;
}

/** A literal's instants against date field `field`; undefined when `e` is no literal. */
function literalBounds(e: ast.Expr, field: string, ctx: CompileContext): DateBounds | undefined {
  if (e.type === 'Number') return numberBounds(e.value);
  if (e.type === 'Negate' && e.operand.type === 'Number') return numberBounds(-e.operand.value);
  if (e.type !== 'String') return undefined;
  const bounds = parseDateLiteral(e.value);
  if (bounds) return bounds;
  // Elasticsearch fails the whole search on such a literal; say so before running. Its date
  // math (`now-1d`, `…||/d`) depends on when a rule runs, which an offline scan has no use for.
  const math = /^now\b|\|\|/.test(e.value) ? ' (date math is not supported)' : '';
  throw new EqlError(
    `"${e.value}" is not a date${math}: ${field} is a date field, so compare it with ` +
      `strict_date_optional_time text (2017-08-30T20:47:33Z) or epoch milliseconds`,
    ctx.source,
    e.span.start,
    e.span.end - e.span.start,
  );
}

const instantTest =
  (test: (ms: number) => boolean) =>
  (x: unknown): Truth => {
    const ms = toEpochMillis(x);
    return ms === null ? null : test(ms);
  };

/** `dateField op literal` (either order) or two date fields; null when neither applies. */
export function compileDateCompare(
  e: ast.Compare,
  ctx: CompileContext,
  compile: (e: ast.Expr) => Evaluator,
): Evaluator | null {
  const leftDate = dateField(e.left, ctx);
  const rightDate = dateField(e.right, ctx);
  if (leftDate && rightDate) return compileFieldPair(e, compile);
  const field = leftDate ? e.left : rightDate ? e.right : null;
  if (!field) return null;
  const literal = leftDate ? e.right : e.left;
  const bounds = literalBounds(literal, (leftDate ?? rightDate)!, ctx);
  if (!bounds) return null;
  const op = leftDate ? e.op : flipCompare(e.op);
  // `!=` holds when no value equals, as for every multi-valued comparison.
  const negate = op === '!=';
  const test = instantTest(dateTest(negate ? '==' : op, bounds));
  const get = compile(field);
  return (doc) => {
    const t = anyValue(get(doc), test);
    return t === null ? null : negate ? !t : t;
  };
}

function compileFieldPair(e: ast.Compare, compile: (e: ast.Expr) => Evaluator): Evaluator {
  const l = compile(e.left);
  const r = compile(e.right);
  const negate = e.op === '!=';
  const op = negate ? '==' : e.op;
  return (doc) => {
    const right = r(doc);
    const t = anyValue(l(doc), (a) => {
      const x = toEpochMillis(a);
      if (x === null) return null;
      return anyValue(
        right,
        instantTest((y) => dateTest(op, numberBounds(y))(x)),
      );
    });
    return t === null ? null : negate ? !t : t;
  };
}

/** `dateField in (literals…)`: holds when the instant falls within any literal's bounds. */
export function compileDateIn(
  e: ast.In,
  ctx: CompileContext,
  compile: (e: ast.Expr) => Evaluator,
): Evaluator | null {
  const field = dateField(e.operand, ctx);
  if (!field) return null;
  const bounds: DateBounds[] = [];
  for (const v of e.values) {
    if (v.type === 'Null') continue;
    const b = literalBounds(v, field, ctx);
    if (!b) return null;
    bounds.push(b);
  }
  const get = compile(e.operand);
  const test = instantTest((ms) => bounds.some((b) => ms >= b.low && ms <= b.high));
  return (doc) => {
    const t = anyValue(get(doc), test);
    return t === null ? null : e.negated ? !t : t;
  };
}
