// "Why did this event match?" for KQL stages, in the same shapes src/eql/explain gives for
// EQL: the query re-evaluated node by node, and its top-level ands for near-miss counts.
import type * as eqlAst from '../eql/ast.ts';
import type { CompiledStage, Doc } from '../eql/compiled.ts';
import { conjuncts } from '../eql/explain.ts';
import { fieldGetter } from '../eql/fields.ts';
import type * as ast from './ast.ts';
import { compilePredicate, fieldsOf, kqlInfoOf } from './compile.ts';

export interface KqlExplanation {
  readonly text: string;
  readonly result: boolean;
  readonly value: unknown;
  readonly fields: Record<string, unknown>[];
  readonly children: KqlExplanation[];
}

export interface KqlConjunct {
  readonly text: string;
  readonly fields: readonly string[];
  readonly test: (doc: Doc) => boolean;
}

function textOf(q: ast.Query, source: string): string {
  return source.slice(q.span.start, q.span.end).replace(/\s+/g, ' ').trim();
}

function explainNode(q: ast.Query, source: string, doc: Doc): KqlExplanation {
  const result = compilePredicate(q)(doc);
  const children =
    q.type === 'and' || q.type === 'or'
      ? q.operands.map((o) => explainNode(o, source, doc))
      : q.type === 'not'
        ? [explainNode(q.operand, source, doc)]
        : [];
  const fields =
    children.length > 0 || q.type === 'nested' || q.type === 'free'
      ? []
      : fieldsOf(q)
          .filter((f) => !f.includes('*'))
          .map((f) => ({ [f]: fieldGetter(f)(doc) }));
  return { text: textOf(q, source), result, value: result, fields, children };
}

/** The KQL stage's query as a tree of results for `doc`; null when the stage is not KQL. */
export function kqlExplain(stage: CompiledStage, doc: Doc): KqlExplanation | null {
  const info = kqlInfoOf(stage);
  return info ? explainNode(info.query, info.source, doc) : null;
}

/** The KQL stage's top-level and-ed parts, each on its own; null when the stage is not KQL. */
export function kqlConjuncts(stage: CompiledStage): KqlConjunct[] | null {
  const info = kqlInfoOf(stage);
  if (!info) return null;
  const parts = info.query.type === 'and' ? info.query.operands : [info.query];
  return parts.map((p) => ({
    text: textOf(p, info.source),
    fields: fieldsOf(p),
    test: compilePredicate(p),
  }));
}

/**
 * A stage's top-level parts as near misses count them, whatever its language: KQL's own, else
 * EQL's, each true only when the part holds; EQL's keep their syntax, so equal parts of many
 * rules can be evaluated once (the engine's NearMissPlan).
 */
export function heldConjuncts(stage: CompiledStage): {
  readonly text: string;
  readonly test: (doc: Doc) => boolean;
  readonly expr?: eqlAst.Expr;
}[] {
  return (
    kqlConjuncts(stage) ??
    conjuncts(stage).map((c) => ({
      text: c.text,
      test: (doc: Doc) => c.test(doc) === true,
      expr: c.expr,
    }))
  );
}
