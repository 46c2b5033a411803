// Decides what an imported rule becomes: runnable EQL, unsupported, or a query error placed
// at the right line of the file the rule came from.
import { isEqlRule, type Rule } from '../model.ts';
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
  if (!isEqlRule(rule)) {
    if (rule.type === 'eql' && rule.query === undefined) {
      return {
        status: 'error',
        file,
        line,
        name: rule.name,
        message: 'EQL rule has no query',
        rule,
      };
    }
    const type =
      rule.type === 'eql' ? `eql/${rule.language ?? 'unknown language'}` : String(rule.type);
    return { status: 'unsupported', file, line, name: rule.name, type, rule };
  }
  const problem = checkQuery?.(rule.query);
  if (!problem) return { status: 'ok', file, line, rule };
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
