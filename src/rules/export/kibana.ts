// Rules as a Kibana export (NDJSON), so they can be imported into Kibana or back into Sequent.
import { META_KEY } from '../import/kibana.ts';
import type { Rule } from '../model.ts';
import { elasticFields } from './fields.ts';

export function rulesToKibanaNdjson(rules: Rule[]): string {
  const lines = rules.map((rule) => {
    const fields = elasticFields(rule);
    // Kibana has no [metadata]; its free-form `meta` carries it so a round trip keeps it.
    if (rule.metadata && Object.keys(rule.metadata).length > 0) {
      const meta = (fields.meta as Record<string, unknown> | undefined) ?? {};
      fields.meta = { ...meta, [META_KEY]: rule.metadata };
    }
    if (fields.enabled === undefined) fields.enabled = rule.enabled;
    return JSON.stringify(fields);
  });
  const summary = {
    exported_count: rules.length,
    exported_rules_count: rules.length,
    missing_rules: [],
    missing_rules_count: 0,
    exported_exception_list_count: 0,
    exported_exception_list_item_count: 0,
    missing_exception_list_item_count: 0,
    missing_exception_list_items: [],
    missing_exception_lists: [],
    missing_exception_lists_count: 0,
  };
  return [...lines, JSON.stringify(summary)].join('\n') + '\n';
}
