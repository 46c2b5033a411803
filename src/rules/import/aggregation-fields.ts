// Threshold and new terms settings as Elastic writes them: detection-rules TOML uses
// `[rule.threshold]` and a `[rule.new_terms]` table of {field, value} pairs; Kibana JSON uses
// `threshold` (field as a string or a list) and top-level `new_terms_fields` /
// `history_window_start`.
import type { RuleNewTerms, RuleThreshold } from '../model.ts';
import { RuleFieldError } from './fields.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldList(v: unknown, what: string): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.filter((x) => x !== '');
  throw new RuleFieldError(`${what} must be a field name or a list of field names`);
}

function count(v: unknown, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
    throw new RuleFieldError(`${what} must be a number`);
  return n;
}

export function readThreshold(raw: Record<string, unknown>): RuleThreshold | undefined {
  const t = raw.threshold;
  if (t === undefined || t === null) return undefined;
  if (!isRecord(t)) throw new RuleFieldError("'threshold' must be a table");
  const threshold: RuleThreshold = {
    field: fieldList(t.field, 'threshold.field'),
    value: count(t.value, 'threshold.value'),
  };
  if (t.cardinality !== undefined && t.cardinality !== null) {
    if (!Array.isArray(t.cardinality))
      throw new RuleFieldError('threshold.cardinality must be a list');
    const cardinality = t.cardinality.map((c, i) => {
      if (!isRecord(c) || typeof c.field !== 'string')
        throw new RuleFieldError(`threshold.cardinality[${i}] needs a field and a value`);
      return { field: c.field, value: count(c.value, `threshold.cardinality[${i}].value`) };
    });
    if (cardinality.length) threshold.cardinality = cardinality;
  }
  return threshold;
}

export function readNewTerms(raw: Record<string, unknown>): RuleNewTerms | undefined {
  let fields: unknown = raw.new_terms_fields;
  let history: unknown = raw.history_window_start;
  const table = raw.new_terms;
  if (isRecord(table)) {
    // detection-rules: field = "new_terms_fields", value = [...], and a list of such pairs.
    if (table.field === 'new_terms_fields') fields ??= table.value;
    const pairs = Array.isArray(table.history_window_start) ? table.history_window_start : [];
    for (const p of pairs)
      if (isRecord(p) && p.field === 'history_window_start') history ??= p.value;
  }
  if (fields === undefined && history === undefined) return undefined;
  const field = fieldList(fields, 'new_terms_fields');
  if (field.length < 1 || field.length > 3)
    throw new RuleFieldError('new_terms_fields must name one to three fields');
  if (typeof history !== 'string')
    throw new RuleFieldError("history_window_start must be date math such as 'now-7d'");
  return { field, history_window_start: history };
}
