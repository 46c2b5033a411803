// The shapes kept in IndexedDB. Every record is structured-clone data (no functions, no
// class instances), so the worker and the page can both read what the other wrote.

/** One investigation: the files an analyst dropped together and everything found in them. */
export interface SessionRecord {
  id: string;
  name: string;
  createdAt: number;
  /** Drives "recent sessions" ordering; bumped whenever the session is opened or changed. */
  lastUsedAt: number;
  /** Built from the bundled demo data rather than the analyst's files. */
  demo?: boolean;
}

/** A log file that was read into a session. */
export interface FileRecord {
  id: string;
  sessionId: string;
  name: string;
  size: number;
  addedAt: number;
  /** Detected input format, e.g. "winlogbeat-ndjson", "nxlog", "evtx-xml". */
  format: string;
  eventCount: number;
}

/** A block of normalized events of a session, stored in time order. */
export interface EventChunkRecord {
  sessionId: string;
  chunkIndex: number;
  events: Record<string, unknown>[];
}

/** A detection: one rule matched one sequence (or one event) in a session. */
export interface AlertRecord {
  id: string;
  sessionId: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  /** Epoch ms of the first event of the match; alerts list in this order. */
  timestamp: number;
  /** Whatever the engine reports about the match (events, join key values, …). */
  detail: unknown;
}

export type TriageStatus = 'open' | 'acknowledged' | 'closed';
export type ClosingReason = 'true_positive' | 'false_positive' | 'benign';

/** The analyst's verdict on an alert. */
export interface TriageRecord {
  alertId: string;
  sessionId: string;
  status: TriageStatus;
  /** Why a closed alert was closed; null while it is not closed. */
  closingReason: ClosingReason | null;
  note: string;
  updatedAt: number;
}

/** A detection rule as the analyst imported or wrote it. */
export interface RuleRecord {
  id: string;
  name: string;
  /** "builtin" ships with Sequent; "user" was imported or written by the analyst. */
  origin: 'builtin' | 'user';
  /** The source format, kept verbatim so the rule can be exported again unchanged. */
  format: 'toml' | 'ndjson' | 'eql';
  text: string;
  enabled: boolean;
  updatedAt: number;
}

/** "Do not alert when …": an analyst's exception to a rule. */
export interface ExceptionRecord {
  id: string;
  ruleId: string;
  field: string;
  value: string;
  note: string;
  createdAt: number;
}

/** A hunting query the analyst ran against a session. */
export interface HuntRecord {
  id: string;
  sessionId: string;
  query: string;
  ranAt: number;
  hitCount: number;
}

/** Small settings and notes. */
export interface KvRecord {
  key: string;
  value: unknown;
  updatedAt: number;
}
