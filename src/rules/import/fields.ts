// Reads Elastic's rule fields (the same names in detection-rules TOML `[rule]` and in Kibana
// exports) into a Sequent Rule. Fields Sequent does not model are kept in `extra` so that an
// export gives back what was imported.
import type { Rule, Threat } from '../model.ts';
import { readNewTerms, readThreshold } from './aggregation-fields.ts';
import { toPlainJson } from './plain.ts';

export class RuleFieldError extends Error {}

/** Fields with a home in Rule; everything else goes to `extra`. */
const modelled = new Set([
  'rule_id',
  'name',
  'description',
  'type',
  'language',
  'query',
  'severity',
  'risk_score',
  'tags',
  'threat',
  'false_positives',
  'note',
  'references',
  'author',
  'license',
  'version',
  'interval',
  'from',
  'max_signals',
  'index',
  'timestamp_override',
  'event_category_override',
  'tiebreaker_field',
  'enabled',
]);

/** Kibana bookkeeping that means nothing outside the cluster it was exported from. */
const serverManaged = new Set([
  'id',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'revision',
  'execution_summary',
  'immutable',
  'rule_source',
]);

// Elastic's own defaults when a field is left out of a rule.
const riskBySeverity: Record<string, number> = { low: 21, medium: 47, high: 73, critical: 99 };

export interface RuleContext {
  file: string;
  origin: Rule['origin'];
  metadata?: Record<string, unknown>;
  warn: (message: string) => void;
}

export function ruleFromElastic(raw: Record<string, unknown>, ctx: RuleContext): Rule {
  const name = requiredString(raw, 'name');
  const type = requiredString(raw, 'type');
  let id = optionalString(raw, 'rule_id');
  if (id === undefined) {
    id = `imported:${fnv1a(`${ctx.file}\u0000${name}`)}`;
    ctx.warn(`no rule_id; using ${id}`);
  }
  let severity = optionalString(raw, 'severity');
  if (severity === undefined) {
    severity = 'low';
    ctx.warn('no severity; assuming low');
  }
  let risk = optionalNumber(raw, 'risk_score');
  if (risk === undefined) {
    risk = riskBySeverity[severity] ?? 21;
    ctx.warn(`no risk_score; assuming ${risk}`);
  }

  const rule: Rule = {
    id,
    name,
    description: optionalString(raw, 'description') ?? '',
    type,
    severity,
    risk_score: risk,
    tags: stringList(raw, 'tags'),
    threat: threats(raw.threat),
    false_positives: stringList(raw, 'false_positives'),
    references: stringList(raw, 'references'),
    author: stringList(raw, 'author'),
    origin: ctx.origin,
    enabled: optionalBoolean(raw, 'enabled') ?? true,
    sourceFile: ctx.file,
  };
  assign(rule, 'language', optionalString(raw, 'language'));
  assign(rule, 'query', optionalString(raw, 'query'));
  assign(rule, 'note', optionalString(raw, 'note'));
  assign(rule, 'license', optionalString(raw, 'license'));
  assign(rule, 'version', optionalNumber(raw, 'version'));
  assign(rule, 'interval', optionalString(raw, 'interval'));
  assign(rule, 'from', optionalString(raw, 'from'));
  assign(rule, 'max_signals', optionalNumber(raw, 'max_signals'));
  if (raw.index !== undefined) rule.index = stringList(raw, 'index');
  assign(rule, 'timestamp_override', optionalString(raw, 'timestamp_override'));
  assign(rule, 'event_category_override', optionalString(raw, 'event_category_override'));
  assign(rule, 'tiebreaker_field', optionalString(raw, 'tiebreaker_field'));
  // Also kept verbatim in `extra` below, so an export gives them back as written.
  if (type === 'threshold') assign(rule, 'threshold', readThreshold(raw));
  if (type === 'new_terms') assign(rule, 'new_terms', readNewTerms(raw));
  if (ctx.metadata && Object.keys(ctx.metadata).length > 0) {
    rule.metadata = toPlainJson(ctx.metadata) as Record<string, unknown>;
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (modelled.has(key) || serverManaged.has(key) || value === undefined) continue;
    extra[key] = toPlainJson(value);
  }
  if (Object.keys(extra).length > 0) rule.extra = extra;
  return rule;
}

function assign<K extends keyof Rule>(rule: Rule, key: K, value: Rule[K] | undefined): void {
  if (value !== undefined) rule[key] = value;
}

function requiredString(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (value === undefined || value === null) throw new RuleFieldError(`missing '${key}'`);
  if (typeof value !== 'string') throw new RuleFieldError(`'${key}' must be a string`);
  return value;
}

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new RuleFieldError(`'${key}' must be a string`);
  return value;
}

function optionalNumber(raw: Record<string, unknown>, key: string): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RuleFieldError(`'${key}' must be a number`);
  }
  return value;
}

function optionalBoolean(raw: Record<string, unknown>, key: string): boolean | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new RuleFieldError(`'${key}' must be true or false`);
  return value;
}

function stringList(raw: Record<string, unknown>, key: string): string[] {
  const value = raw[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new RuleFieldError(`'${key}' must be a list of strings`);
  }
  return [...(value as string[])];
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RuleFieldError(`${what} must be a table`);
  }
  return value as Record<string, unknown>;
}

function attackRef(value: unknown, what: string): { id: string; name: string; reference: string } {
  const r = record(value, what);
  const get = (k: string) => {
    const v = r[k];
    if (typeof v !== 'string') throw new RuleFieldError(`${what}.${k} must be a string`);
    return v;
  };
  return { id: get('id'), name: get('name'), reference: get('reference') };
}

function threats(value: unknown): Threat[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RuleFieldError("'threat' must be a list");
  return value.map((entry, i) => {
    const t = record(entry, `threat[${i}]`);
    const threat: Threat = {
      framework: typeof t.framework === 'string' ? t.framework : 'MITRE ATT&CK',
      tactic: attackRef(t.tactic, `threat[${i}].tactic`),
    };
    if (t.technique !== undefined) {
      if (!Array.isArray(t.technique)) {
        throw new RuleFieldError(`threat[${i}].technique must be a list`);
      }
      threat.technique = t.technique.map((tech, j) => {
        const what = `threat[${i}].technique[${j}]`;
        const technique: NonNullable<Threat['technique']>[number] = attackRef(tech, what);
        const sub = record(tech, what).subtechnique;
        if (sub !== undefined) {
          if (!Array.isArray(sub)) throw new RuleFieldError(`${what}.subtechnique must be a list`);
          technique.subtechnique = sub.map((s, k) => attackRef(s, `${what}.subtechnique[${k}]`));
        }
        return technique;
      });
    }
    return threat;
  });
}

/** Short stable hash, for ids of rules that came without one. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
