// Rule → Elastic's field names, shared by the TOML and Kibana exporters. Sequent-only fields
// (origin, sourceFile) stay behind: an exported rule is a plain Elastic rule.
import type { Rule } from '../model.ts';

export function elasticFields(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule_id: rule.id,
    name: rule.name,
    description: rule.description,
    type: rule.type,
  };
  const optional: (keyof Rule)[] = [
    'language',
    'severity',
    'risk_score',
    'note',
    'license',
    'version',
    'interval',
    'from',
    'max_signals',
    'index',
    'timestamp_override',
    'event_category_override',
    'tiebreaker_field',
  ];
  for (const key of optional) if (rule[key] !== undefined) out[key] = rule[key];
  for (const key of ['author', 'tags', 'false_positives', 'references'] as const) {
    if (rule[key].length > 0) out[key] = [...rule[key]];
  }
  if (rule.enabled === false) out.enabled = false;
  for (const [key, value] of Object.entries(rule.extra ?? {})) {
    if (!(key in out)) out[key] = value;
  }
  if (rule.query !== undefined) out.query = rule.query;
  if (rule.threat.length > 0) out.threat = structuredClone(rule.threat);
  return out;
}
