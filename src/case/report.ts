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
  /**
   * Set while the per-condition counts ("held for n of m") are not in the report yet: a scan
   * stores its reports without them and counts them after, from the stored events. Until then
   * `stages[].conjuncts` is empty and `nearMisses` and `missingFields` lack what the counts
   * add. Reports without it are complete (all reports stored before it existed are).
   */
  counting?: ReportCounting;
}

/** A report waiting for its near-miss counts. */
export interface ReportCounting {
  /** The count that completes it (the scan's id): a later scan's reports wait for their own. */
  id: string;
  /** The session's files (by index) whose stored events the scan read: those are counted. */
  files: number[];
  /** What the sentences need beyond the stages, from the scan's outcome. */
  basis: ReportBasis;
  /** Why the counts cannot be taken (the events are not stored): said instead of waiting. */
  unavailable?: string;
}

/** Of a rule's outcome, what its "why silent" sentences say beside the stages. */
export interface ReportBasis {
  /** Results found (beyond max_signals included). */
  total: number;
  failed: boolean;
  sequencesStarted: number;
  rejectedByMaxspan: number;
  rejectedByUntil: number;
  untimed: number;
}

/** A rule report before exceptions are applied (those can change after the scan). */
export type StoredReport = Omit<RuleReport, 'hiddenByExceptions'>;
