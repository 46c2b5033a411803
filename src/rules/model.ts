// A detection rule as a responder sees it, shaped after Elastic's detection-rules schema so a
// rule imported from TOML or a Kibana export keeps every field the person may want to read.
// Plain JSON only: rules are stored in IndexedDB and posted across the worker boundary.

/** Elastic's rule types; esql, machine_learning and threat_match cannot run on a file. */
export type RuleType =
  | 'eql'
  | 'query'
  | 'saved_query'
  | 'threshold'
  | 'esql'
  | 'machine_learning'
  | 'new_terms'
  | 'threat_match'
  | (string & {});

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Where a rule came from: shipped from Elastic's set, Sequent's own, or brought by the user. */
export type RuleOrigin = 'elastic' | 'sequent' | 'imported';

export interface ThreatTactic {
  id: string;
  name: string;
  reference: string;
}

export interface ThreatSubtechnique {
  id: string;
  name: string;
  reference: string;
}

export interface ThreatTechnique {
  id: string;
  name: string;
  reference: string;
  subtechnique?: ThreatSubtechnique[];
}

/** One MITRE ATT&CK mapping: a tactic and the techniques under it. */
export interface Threat {
  framework: string;
  tactic: ThreatTactic;
  technique?: ThreatTechnique[];
}

export interface RuleThreshold {
  field: string[];
  value: number;
  cardinality?: { field: string; value: number }[];
}

export interface RuleNewTerms {
  /** One to three fields whose combination of values must be new. */
  field: string[];
  /** Date math (`now-7d`): how far back "history" reaches before each event. */
  history_window_start: string;
}

export interface Rule {
  /** Elastic's `rule_id`: stable across versions of the same rule. */
  id: string;
  name: string;
  description: string;
  type: RuleType;
  /** 'eql', 'kuery', 'lucene', 'esql'…; absent for types without a query (machine_learning). */
  language?: string;
  query?: string;
  severity: Severity | (string & {});
  risk_score: number;
  tags: string[];
  threat: Threat[];
  false_positives: string[];
  note?: string;
  references: string[];
  author: string[];
  license?: string;
  version?: number;
  /** How often Kibana would run the rule (`5m`). */
  interval?: string;
  /** Look-back, date-math relative to the run (`now-9m`). */
  from?: string;
  max_signals?: number;
  index?: string[];
  timestamp_override?: string;
  event_category_override?: string;
  tiebreaker_field?: string;
  origin: RuleOrigin;
  enabled: boolean;
  /** The file an imported rule was read from (path or name as the caller gave it). */
  sourceFile?: string;
  /** detection-rules `[metadata]` (creation_date, maturity, integration…), kept for export. */
  metadata?: Record<string, unknown>;
  /**
   * Elastic's threshold settings (`type: 'threshold'`): group by `field` (none = one group),
   * alert when a group has `value` events, or, with `cardinality`, that many distinct values.
   * Sigma's event_count / value_count correlations compile to the same shape (with an EQL query).
   */
  threshold?: RuleThreshold;
  /** Elastic's new terms settings (`type: 'new_terms'`). */
  new_terms?: RuleNewTerms;
  /** Rule fields Sequent does not model (setup, threshold, new_terms…), kept for export. */
  extra?: Record<string, unknown>;
  /** For a rule converted from Sigma: the YAML it came from, shown beside the EQL. */
  sigma?: SigmaSource;
  /** A built-in the analyst replaced by an imported rule of the same rule_id (that copy's
   *  id): switched off while this is set (builtin-replace.ts). */
  replacedBy?: string;
}

/** The Sigma document a rule was converted from (src/rules/sigma). */
export interface SigmaSource {
  /** The YAML document as written (one document of a multi-document file). */
  yaml: string;
  /** rule, or the correlation type (event_count, temporal…). */
  kind: string;
  status?: string;
  level?: string;
  logsource?: Record<string, string>;
  /** Titles of the Sigma filters applied to this rule. */
  filters?: string[];
}

/** A rule with a query: what an import hands back as runnable (see runPlan for the rest). */
export type QueryRule = Rule & { query: string };

/** A rule Sequent can run: EQL with a query. */
export type EqlRule = Rule & { type: 'eql'; query: string };

export function isEqlRule(rule: Rule): rule is EqlRule {
  return (
    rule.type === 'eql' &&
    (rule.language === undefined || rule.language === 'eql') &&
    typeof rule.query === 'string'
  );
}
