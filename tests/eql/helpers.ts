// Small helpers shared by the EQL tests: evaluate one condition against one event.
import { compile, parse, type ast } from '../../src/eql/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';

/** Does `condition` (as in `any where <condition>`) hold for `doc`? */
export function holds(condition: string, doc: Doc): boolean {
  return compile(`any where ${condition}`).stages[0].test(doc);
}

/** Strips source positions so trees can be compared structurally. */
export function withoutSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'span') out[k] = withoutSpans(v);
    return out;
  }
  return node;
}

export function conditionOf(source: string): ast.Expr {
  const q = parse(source);
  if (q.type !== 'EventQuery') throw new Error('expected an event query');
  return q.filter.condition;
}
