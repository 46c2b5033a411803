// A rule's query compiled for the engine, whatever its language, and the import-time check
// that uses the same compilers (so "imported" means "will run").
import { compile, toEpochMillis } from '../eql/index.ts';
import { fieldGetter } from '../eql/fields.ts';
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
  const timed = withTimestampFallback(query, rule, options);
  if (plan.aggregation && timed.kind !== 'event')
    throw new Error(`a ${rule.type} rule needs an event query; this one is a ${query.kind} query`);
  return { query: timed, aggregation: plan.aggregation };
}

/**
 * Kibana reads a rule's `timestamp_override` (Elastic's rules use `event.ingested`) and falls
 * back to `@timestamp` when an event lacks it, unless the rule sets
 * `timestamp_override_fallback_disabled`. Log files rarely carry `event.ingested`, so without
 * the fallback those rules would see no event in time.
 */
export function withTimestampFallback(
  query: CompiledQuery,
  rule: Pick<Rule, 'timestamp_override' | 'extra'>,
  options: CompileOptions = {},
): CompiledQuery {
  const field = options.timestampField ?? rule.timestamp_override;
  if (!field || field === '@timestamp') return query;
  if (rule.extra?.timestamp_override_fallback_disabled === true) return query;
  const get = fieldGetter('@timestamp');
  const own = query.timestamp;
  return { ...query, timestamp: (doc) => own(doc) ?? toEpochMillis(get(doc)) };
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
