// What running a rule on a file means, decided from its type alone: which query language,
// and for threshold / new terms rules which aggregation over the query's matches. Rules
// that need more than events (ES|QL, machine learning, indicator matching) cannot run on a
// file: they get a reason a person can read, never an error.
import type { Rule } from './model.ts';

export type RuleAggregation =
  | {
      readonly kind: 'threshold';
      readonly groupBy: readonly string[];
      readonly value: number;
      readonly cardinality?: readonly { readonly field: string; readonly value: number }[];
      readonly windowMs: number;
    }
  | { readonly kind: 'new_terms'; readonly fields: readonly string[]; readonly historyMs: number };

export type QueryLanguage = 'eql' | 'kuery' | 'lucene';

export type RunPlan =
  | {
      readonly runnable: true;
      readonly language: QueryLanguage;
      readonly query: string;
      readonly aggregation: RuleAggregation | null;
    }
  /** Fine as a rule, but it needs something a log file does not have. */
  | { readonly runnable: false; readonly invalid: false; readonly reason: string }
  /** Broken: a person must fix the rule file. */
  | { readonly runnable: false; readonly invalid: true; readonly reason: string };

const CANNOT_RUN: Record<string, string> = {
  esql: 'ES|QL rules run on Elasticsearch ES|QL engine; Sequent has no ES|QL',
  machine_learning:
    'machine learning rules read the anomaly results of an Elastic ML job; a log file has none',
  threat_match:
    'indicator match rules compare events with a threat-intel index; a log file has none',
};

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
};

/** `now-9m` → 9 minutes in ms; null when it is not `now-<n><unit>` (rounding `/d` ignored). */
export function lookBackMs(dateMath: string): number | null {
  const m = /^\s*now-(\d+)([smhdwMy])(?:\/[smhdwMy])?\s*$/.exec(dateMath);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

/** Kibana's default look-back when a rule has no `from`. */
const DEFAULT_FROM = 'now-6m';

function invalid(reason: string): RunPlan {
  return { runnable: false, invalid: true, reason };
}

function languageOf(rule: Rule): QueryLanguage | null {
  const lang = rule.language ?? (rule.type === 'eql' ? 'eql' : 'kuery');
  return lang === 'eql' || lang === 'kuery' || lang === 'lucene' ? lang : null;
}

export function runPlan(rule: Rule): RunPlan {
  const type = String(rule.type);
  const cannot = CANNOT_RUN[type];
  if (cannot) return { runnable: false, invalid: false, reason: cannot };
  if (!['eql', 'query', 'saved_query', 'threshold', 'new_terms'].includes(type))
    return {
      runnable: false,
      invalid: false,
      reason: `rule type '${type}' is not one Sequent knows`,
    };
  const language = languageOf(rule);
  if (language === null) {
    if (rule.language === 'esql')
      return { runnable: false, invalid: false, reason: CANNOT_RUN.esql };
    return invalid(`query language '${rule.language}' is not EQL, KQL or Lucene`);
  }
  if (typeof rule.query !== 'string') {
    if (type === 'saved_query')
      return {
        runnable: false,
        invalid: false,
        reason: 'the rule refers to a Kibana saved query that was not exported with it',
      };
    return invalid(`${type === 'eql' ? 'EQL' : type} rule has no query`);
  }
  if (type === 'eql' && language !== 'eql') return invalid(`EQL rule written in '${language}'`);
  let aggregation: RuleAggregation | null = null;
  if (type === 'threshold') {
    const t = rule.threshold;
    if (!t) return invalid('threshold rule has no threshold settings');
    const from = rule.from ?? DEFAULT_FROM;
    const windowMs = lookBackMs(from);
    if (windowMs === null) return invalid(`'from' = '${from}' is not date math like now-9m`);
    aggregation = {
      kind: 'threshold',
      groupBy: t.field,
      value: Math.max(1, t.value),
      ...(t.cardinality?.length ? { cardinality: t.cardinality } : {}),
      windowMs,
    };
  } else if (type === 'new_terms') {
    const n = rule.new_terms;
    if (!n) return invalid('new terms rule has no new_terms_fields / history_window_start');
    const historyMs = lookBackMs(n.history_window_start);
    if (historyMs === null)
      return invalid(
        `history_window_start = '${n.history_window_start}' is not date math like now-7d`,
      );
    aggregation = { kind: 'new_terms', fields: n.field, historyMs };
  } else if (language === 'eql' && type !== 'eql') {
    return invalid(`a ${type} rule cannot be written in EQL`);
  }
  return { runnable: true, language, query: rule.query, aggregation };
}
