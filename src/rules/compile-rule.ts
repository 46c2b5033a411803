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
 * Kibana's `timestamp_override` (Elastic's rules use `event.ingested`) as its detection engine
 * applies it (buildTimeRangeFilter / buildEqlSearchRequest in Kibana's security_solution):
 * - the override decides which events are in the rule's window: an event is in when its
 *   override field is, or when it lacks that field and its `@timestamp` is (the fallback),
 *   unless the rule sets `timestamp_override_fallback_disabled`: then an event without the
 *   field is never in. Over a file the window is the whole file, so this is "has a time".
 * - query, threshold and new terms rules sort by the override, then `@timestamp`: an event's
 *   time is its override field, else its `@timestamp` (the same fallback, same switch).
 * - EQL rules hand Elasticsearch their own `timestamp_field` (default `@timestamp`), not the
 *   override: sequences are ordered and `maxspan` measured on that field.
 * Log files rarely carry `event.ingested`, so without the fallback those rules would see none.
 */
export function withTimestampFallback(
  query: CompiledQuery,
  rule: Pick<Rule, 'timestamp_override' | 'extra'> & Partial<Pick<Rule, 'type'>>,
  options: CompileOptions = {},
): CompiledQuery {
  const field = options.timestampField ?? rule.timestamp_override;
  if (!field || field === '@timestamp') return query;
  const fallbackDisabled = rule.extra?.timestamp_override_fallback_disabled === true;
  const own = query.timestamp;
  if (rule.type === 'eql' && rule.timestamp_override === field) {
    const eqlField = rule.extra?.timestamp_field;
    const ordered = fieldGetter(typeof eqlField === 'string' && eqlField ? eqlField : '@timestamp');
    return {
      ...query,
      timestamp: (doc) =>
        fallbackDisabled && own(doc) === null ? null : toEpochMillis(ordered(doc)),
    };
  }
  if (fallbackDisabled) return query;
  const get = fieldGetter('@timestamp');
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
