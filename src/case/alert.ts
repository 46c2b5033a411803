// An alert of a case: the row the table shows, the evidence behind it, and the analyst's
// verdict on it (triage).

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type TriageStatus = 'open' | 'acknowledged' | 'closed';
export type ClosingReason = 'true_positive' | 'false_positive' | 'benign';

/** A JSON document as read (raw) or normalized (ECS). */
export type JsonDoc = Record<string, unknown>;

export interface AlertRow {
  id: string;
  sessionId: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  riskScore: number;
  /** First and last event time, epoch ms. */
  timestamp: number;
  endTimestamp: number;
  host: string;
  user: string;
  /** The key process (e.g. the child started by winrshost.exe): name and command line. */
  process: string;
  status: TriageStatus;
  /** Hidden by a rule exception (still counted). */
  hiddenBy: string | null;
  kind: 'sequence' | 'event' | 'sample';
  /** Found in the events read so far while the scan runs: the scan's final correlation can
   *  still change or drop it, and it cannot be triaged until then. */
  provisional?: boolean;
}

/** One node of "why did this event satisfy the stage": mirrors the condition tree. */
export interface ExplanationNode {
  text: string;
  result: boolean | null;
  /** Field values the node read, in order. */
  fields: { path: string; value: unknown }[];
  children: ExplanationNode[];
}

export interface EvidenceStep {
  /** Stage position (0-based) and its text as written in the query. */
  stage: number;
  stageText: string;
  /** A missing-event stage placeholder (`![…]`): no event. */
  missing: boolean;
  timestamp: number | null;
  /** Time since the previous step, ms (null for the first). */
  gapMs: number | null;
  joinKeys: unknown[];
  /** The event as the engine saw it (ECS). */
  doc: JsonDoc | null;
  /** The record exactly as it was in the file. */
  raw: unknown;
  file: string | null;
  line: number | null;
  /** From a raw .evtx, which has no lines: `line` is the record's place among the file's. */
  evtxRecord?: true;
  /**
   * Why the event satisfied the stage; null for a missing stage or when it could not be said.
   * Absent in a stored alert whose explanations are built when it is opened (`compiledWith`):
   * the worker fills it in before the page shows the alert.
   */
  explanation?: ExplanationNode | null;
}

/**
 * How an alert's query was compiled (its rule's language and field overrides, as the worker's
 * compile options): with it the worker compiles the query again and explains each step's event
 * when the alert is opened, rather than for every alert while the scan runs.
 */
export interface CompiledWith {
  queryLanguage?: 'kuery' | 'lucene';
  categoryField?: string;
  timestampField?: string;
  tiebreakerField?: string;
  dateFields?: readonly string[];
  nullValues?: Readonly<Record<string, unknown>>;
}

export interface Triage {
  status: TriageStatus;
  reason: ClosingReason | null;
  notes: string;
  updatedAt: number;
}

/** The verdict of an alert nobody has looked at yet. */
export const OPEN: Triage = { status: 'open', reason: null, notes: '', updatedAt: 0 };

export interface AlertDetail extends AlertRow {
  query: string;
  joinKeys: unknown[];
  steps: EvidenceStep[];
  triage: Triage;
}

/** An alert as stored: everything but the analyst's triage and the exceptions' verdict. */
export type AlertBody = Omit<AlertDetail, 'status' | 'hiddenBy' | 'triage'> & {
  /** Rule id + event identities: stays the same for the same alert on the same data. */
  identity: string;
  /**
   * Present when the steps' explanations were left out, to be built when the alert is opened:
   * how `query` was compiled. Alerts stored before explanations waited for that, or built with
   * them (hunts), carry their explanations and no `compiledWith`.
   */
  compiledWith?: CompiledWith;
};

/** The analyst's "not for this value": hides a rule's alerts whose field has it. */
export interface RuleException {
  id: string;
  ruleId: string;
  field: string;
  value: string;
  createdAt: number;
  /** The alert it was created from, if any. */
  fromAlert: string | null;
}
