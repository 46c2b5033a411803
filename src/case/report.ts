// Why each rule fired or stayed silent on a case's data: kept with the session after a scan.

export interface StageReport {
  text: string;
  /** Events that satisfied the stage. */
  matched: number;
  /** Distinct join-key values among them. */
  keys: number;
  hosts: string[];
  /** Per top-level condition part: how many events of the stage's category satisfied it. */
  conjuncts: { text: string; held: number; of: number }[];
}

export interface RuleReport {
  ruleId: string;
  ruleName: string;
  alerts: number;
  hiddenByExceptions: number;
  /** Found beyond max_signals (never silent). */
  beyondMaxSignals: number;
  stages: StageReport[];
  /** Plain sentences: "stage 1 matched 9 times on 2 hosts, stage 2 never". */
  nearMisses: string[];
  /** Fields (or values) the rule needs that the data never has, with the reason. */
  missingFields: { field: string; reason: string }[];
  /** The rule was stopped (circuit breaker) or failed; the others still ran. */
  error: string | null;
}

/** A rule report before exceptions are applied (those can change after the scan). */
export type StoredReport = Omit<RuleReport, 'hiddenByExceptions'>;
