// What an import hands back. Every rule found ends up in exactly one place: runnable,
// unsupported (with its name and type), or an error a person can act on (file, line, message).
import type { QueryRule, Rule } from '../model.ts';

export interface ImportedRule {
  status: 'ok';
  file: string;
  /** 1-based line in `file` where the rule starts (`[rule]` header, NDJSON line). */
  line: number;
  rule: QueryRule;
}

export interface UnsupportedRule {
  status: 'unsupported';
  file: string;
  line: number;
  name: string;
  /** The rule type, or `<type>/<language>` when an EQL-typed rule is not written in EQL. */
  type: string;
  /** Why it cannot run on a file (ES|QL, machine learning, indicator match…). */
  reason: string;
  rule: Rule;
}

export interface ImportError {
  status: 'error';
  file: string;
  /** 1-based line in `file` of the problem (for a query error: where in the file it points). */
  line: number;
  column?: number;
  /** The rule's name when it could be read. */
  name?: string;
  message: string;
  /** For a query that does not parse: the position inside the query text, 1-based. */
  queryLine?: number;
  queryColumn?: number;
  /** The offending query line with a caret under the problem. */
  excerpt?: string;
  /** The rule as read, when only its query is broken (so it can still be shown). */
  rule?: Rule;
}

export type ImportEntry = ImportedRule | UnsupportedRule | ImportError;

/** Non-rule content that is skipped on purpose (Kibana's export summary, exception lists). */
export interface SkippedItem {
  file: string;
  line: number;
  reason: string;
}

export interface ImportReport {
  /** All outcomes in file order. */
  entries: ImportEntry[];
  /** The runnable rules (EQL, KQL, Lucene; plain, threshold or new terms). */
  rules: QueryRule[];
  unsupported: UnsupportedRule[];
  errors: ImportError[];
  skipped: SkippedItem[];
  /** Non-fatal notes: defaults filled in, fields ignored. */
  warnings: { file: string; line: number; message: string }[];
}

export interface RuleFile {
  name: string;
  text: string;
}

/** Position of a query syntax error, as the EQL parser reports it (1-based). */
export interface QuerySyntaxError {
  line: number;
  column: number;
  message: string;
  /** The offending query line with a caret under the problem, when the parser gives one. */
  excerpt?: string;
}

/**
 * Checks a query; returns null when it parses, or the first syntax error. Injected so the
 * importer works without the language when a caller only wants the rule metadata.
 */
export type QueryChecker = (query: string, rule?: Rule) => QuerySyntaxError | null;

export interface ImportOptions {
  /** When given, EQL rules whose query does not parse are reported as errors. */
  checkQuery?: QueryChecker;
  /**
   * For files found by walking a folder: documents that are not rules at all (pyproject.toml,
   * package.json) are listed as skipped instead of failing.
   */
  skipNonRules?: boolean;
  /** Origin to stamp on every rule read (default 'imported'). */
  origin?: Rule['origin'];
}

export function emptyReport(): ImportReport {
  return { entries: [], rules: [], unsupported: [], errors: [], skipped: [], warnings: [] };
}

export function push(report: ImportReport, entry: ImportEntry): void {
  report.entries.push(entry);
  if (entry.status === 'ok') report.rules.push(entry.rule);
  else if (entry.status === 'unsupported') report.unsupported.push(entry);
  else report.errors.push(entry);
}
