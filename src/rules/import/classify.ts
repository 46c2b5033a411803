// Decides what an imported rule becomes: runnable, cannot run on a file, or an error placed
// at the right line of the file the rule came from.
import type { Rule } from '../model.ts';
import { runPlan } from '../runtime.ts';
import type { ImportEntry, QueryChecker } from './report.ts';

/** Where the query text starts in the file, so query-relative errors map to file lines. */
export interface QueryAnchor {
  line: number;
  column: number;
}

export function classify(
  rule: Rule,
  file: string,
  line: number,
  anchor: QueryAnchor | null,
  checkQuery: QueryChecker | undefined,
): ImportEntry {
  const plan = runPlan(rule);
  if (!plan.runnable) {
    if (plan.invalid)
      return { status: 'error', file, line, name: rule.name, message: plan.reason, rule };
    const type =
      rule.type === 'eql' ? `eql/${rule.language ?? 'unknown language'}` : String(rule.type);
    return { status: 'unsupported', file, line, name: rule.name, type, reason: plan.reason, rule };
  }
  const runnable = { ...rule, query: plan.query };
  const problem = checkQuery?.(plan.query, rule);
  if (!problem) return { status: 'ok', file, line, rule: runnable };
  const at = anchor ?? { line, column: 1 };
  return {
    status: 'error',
    file,
    line: at.line + problem.line - 1,
    column: problem.line === 1 ? at.column + problem.column - 1 : problem.column,
    name: rule.name,
    message: problem.message,
    queryLine: problem.line,
    queryColumn: problem.column,
    ...(problem.excerpt !== undefined ? { excerpt: problem.excerpt } : {}),
    rule,
  };
}
