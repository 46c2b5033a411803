// `max_samples_per_key` is a parameter of Elasticsearch's EQL search API, not a field of
// Elastic's rule schema, so a rule that sets it keeps it among the fields Sequent does not
// model (`extra`) — which also gives it back unchanged on export. Scans read it from there.
import type { Rule } from './model.ts';

/** The rule's `max_samples_per_key` (a whole number ≥ 1), or undefined when unset. */
export function ruleMaxSamplesPerKey(rule: Pick<Rule, 'extra'>): number | undefined {
  const v = rule.extra?.max_samples_per_key;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
}
