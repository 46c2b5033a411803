// "Why did this event match?" for the UI and "how close did it come?" for the engine: the
// stage's condition re-evaluated node by node (explain) or split at its top-level ands
// (conjuncts), each part reporting its truth and the field values it read.
import type * as ast from './ast.ts';
import type { CompiledStage, Doc } from './compiled.ts';
import { compileExpr, type CompileContext } from './compile-expr.ts';
import { infoOf } from './compile.ts';
import { printExpr } from './print.ts';
import { fieldPath, walk } from './walk.ts';

export type Truth = boolean | null;

export interface Explanation {
  /** The part of the condition, printed canonically. */
  readonly text: string;
  /** Its truth for this event; null when unknown (a missing field) or not a condition. */
  readonly result: Truth;
  /** What it evaluated to (a number or string for arithmetic and functions). */
  readonly value: unknown;
  /** The fields it read, each as `{path: value}` (value undefined when absent). */
  readonly fields: Record<string, unknown>[];
  /** Sub-conditions for and / or / not; empty for a leaf comparison. */
  readonly children: Explanation[];
}

export interface Conjunct {
  readonly text: string;
  /** Field paths this part reads. */
  readonly fields: readonly string[];
  readonly test: (doc: Doc) => Truth;
  /** The part itself. */
  readonly expr: ast.Expr;
}

const asTruth = (v: unknown): Truth => (v === true ? true : v === false ? false : null);

function fieldNodes(e: ast.Expr): ast.Field[] {
  const out: ast.Field[] = [];
  walk(e, (n) => {
    if (n.type === 'Field' && !out.some((f) => fieldPath(f) === fieldPath(n))) out.push(n);
  });
  return out;
}

function explainExpr(e: ast.Expr, doc: Doc, ctx: CompileContext): Explanation {
  const value = compileExpr(e, ctx)(doc);
  const children =
    e.type === 'Logical'
      ? [explainExpr(e.left, doc, ctx), explainExpr(e.right, doc, ctx)]
      : e.type === 'Not'
        ? [explainExpr(e.operand, doc, ctx)]
        : [];
  return {
    text: printExpr(e),
    result: asTruth(value),
    value,
    fields: fieldNodes(e).map((f) => ({ [fieldPath(f)]: ctx.getter(fieldPath(f))(doc) })),
    children,
  };
}

/** The stage's condition as a tree, each node with its result for `doc`. */
export function explain(stage: CompiledStage, doc: Doc): Explanation {
  const { condition, context } = infoOf(stage);
  return explainExpr(condition, doc, context);
}

function splitAnd(e: ast.Expr, out: ast.Expr[]): ast.Expr[] {
  if (e.type === 'Logical' && e.op === 'and') {
    splitAnd(e.left, out);
    splitAnd(e.right, out);
  } else out.push(e);
  return out;
}

/** The top-level and-ed parts of the stage's condition, each compiled on its own. */
export function conjuncts(stage: CompiledStage): Conjunct[] {
  const { condition, context } = infoOf(stage);
  return splitAnd(condition, []).map((part) => {
    const evaluate = compileExpr(part, context);
    return {
      text: printExpr(part),
      fields: fieldNodes(part).map(fieldPath),
      test: (doc: Doc) => asTruth(evaluate(doc)),
      expr: part,
    };
  });
}
