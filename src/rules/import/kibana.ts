// Kibana's rule export: NDJSON, one rule object per line, then a summary line
// (`{"exported_count": …}`); exception lists and connectors may ride along and are skipped.
import { classify } from './classify.ts';
import { RuleFieldError, ruleFromElastic } from './fields.ts';
import { push, type ImportOptions, type ImportReport } from './report.ts';

/** Where Sequent keeps detection-rules `[metadata]` in a Kibana object (Kibana's free `meta`). */
export const META_KEY = 'sequent_metadata';

export function importKibana(
  file: string,
  text: string,
  options: ImportOptions,
  report: ImportReport,
): void {
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      push(report, {
        status: 'error',
        file,
        line: lineNo,
        message: `not JSON: ${(e as Error).message}`,
      });
      return;
    }
    importObject(file, lineNo, value, options, report);
  });
}

/** A `.json` file: one rule object, or an array of them (how some tools save rules). */
export function importJson(
  file: string,
  text: string,
  options: ImportOptions,
  report: ImportReport,
): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not one JSON document: most likely NDJSON saved with a .json name.
    importKibana(file, text, options, report);
    return;
  }
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) importObject(file, 1, item, options, report);
}

function importObject(
  file: string,
  line: number,
  value: unknown,
  options: ImportOptions,
  report: ImportReport,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (options.skipNonRules) report.skipped.push({ file, line, reason: 'not a rule object' });
    else push(report, { status: 'error', file, line, message: 'expected a rule object' });
    return;
  }
  let obj = value as Record<string, unknown>;
  // Elastic's prebuilt rules package stores each rule as a saved object:
  // {"attributes": {…the rule…}, "id": …, "type": "security-rule"}.
  const attributes = obj.attributes;
  if (obj.type === 'security-rule' && typeof attributes === 'object' && attributes !== null)
    obj = attributes as Record<string, unknown>;
  if ('exported_count' in obj || 'exported_rules_count' in obj) {
    report.skipped.push({ file, line, reason: 'Kibana export summary' });
    return;
  }
  if (!('rule_id' in obj) && ('list_id' in obj || 'item_id' in obj)) {
    report.skipped.push({ file, line, reason: 'exception list, not a rule' });
    return;
  }
  if (!('rule_id' in obj) && !('name' in obj) && 'attributes' in obj) {
    report.skipped.push({ file, line, reason: 'Kibana saved object (connector), not a rule' });
    return;
  }
  if (options.skipNonRules && !looksLikeRule(obj)) {
    report.skipped.push({ file, line, reason: 'not a rule object' });
    return;
  }
  const meta = obj.meta as Record<string, unknown> | undefined;
  const metadata = meta && typeof meta === 'object' ? meta[META_KEY] : undefined;
  const fields = { ...obj };
  if (metadata !== undefined && meta) {
    const rest = { ...meta };
    delete rest[META_KEY];
    if (Object.keys(rest).length > 0) fields.meta = rest;
    else delete fields.meta;
  }
  try {
    const rule = ruleFromElastic(fields, {
      file,
      origin: options.origin ?? 'imported',
      metadata:
        typeof metadata === 'object' && metadata !== null
          ? (metadata as Record<string, unknown>)
          : undefined,
      warn: (message) => report.warnings.push({ file, line, message }),
    });
    push(report, classify(rule, file, line, null, options.checkQuery));
  } catch (e) {
    if (!(e instanceof RuleFieldError)) throw e;
    push(report, {
      status: 'error',
      file,
      line,
      ...(typeof obj.name === 'string' ? { name: obj.name } : {}),
      message: e.message,
    });
  }
}

// A rule has an id, or a type plus something only rules carry; package.json has neither.
function looksLikeRule(obj: Record<string, unknown>): boolean {
  if ('rule_id' in obj) return true;
  return 'type' in obj && ['query', 'risk_score', 'severity', 'language'].some((k) => k in obj);
}
