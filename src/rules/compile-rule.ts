// A rule's query compiled for the engine, whatever its language, and the import-time check
// that uses the same compilers (so "imported" means "will run").
import { compile } from '../eql/index.ts';
import type { CompiledQuery, CompileOptions } from '../eql/compiled.ts';
import { compileKql, compileLucene } from '../kql/index.ts';
import type { QueryChecker } from './import/report.ts';
import type { Rule } from './model.ts';
import { queryCheckerFrom } from './query-checker.ts';
import { runPlan, type RuleAggregation } from './runtime.ts';

export interface CompiledRule {
  readonly query: CompiledQuery;
  /** Threshold / new terms: how the query's matches become alerts; null for plain rules. */
  readonly aggregation: RuleAggregation | null;
}

/** Compiles a runnable rule; throws EqlError / KqlError (positioned) or Error with the reason. */
export function compileRule(rule: Rule, options: CompileOptions = {}): CompiledRule {
  const plan = runPlan(rule);
  if (!plan.runnable) throw new Error(plan.reason);
  const query =
    plan.language === 'eql'
      ? compile(plan.query, options)
      : plan.language === 'lucene'
        ? compileLucene(plan.query, options)
        : compileKql(plan.query, options);
  if (plan.aggregation && query.kind !== 'event')
    throw new Error(`a ${rule.type} rule needs an event query; this one is a ${query.kind} query`);
  return { query, aggregation: plan.aggregation };
}

/** The importer's query check for every language a rule may be written in. */
export function ruleQueryChecker(): QueryChecker {
  return (query, rule) => {
    const positioned = queryCheckerFrom((text: string) =>
      compileRule(rule ? { ...rule, query: text } : ({ type: 'eql', query: text } as Rule)),
    );
    try {
      return positioned(query);
    } catch (e) {
      // Not a syntax error (an aggregation over a sequence, say): it concerns the whole query.
      return { line: 1, column: 1, message: e instanceof Error ? e.message : String(e) };
    }
  };
}
