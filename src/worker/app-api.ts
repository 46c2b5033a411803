// The contract between the Svelte UI (src/ui) and the worker services (src/worker/app).
// The UI imports only these types; the worker implements `AppApi` and exposes it through
// comlink (src/worker/api.ts extends it). Everything here crosses a worker boundary, so it
// is plain data (structured-clone safe: no functions, no class instances, Blob/File allowed).
// Extend additively; both sides are written against it.

import type {
  AlertDetail,
  AlertRow,
  FileSummary,
  RuleException,
  RuleReport,
  SessionSummary,
  Severity,
  Triage,
} from '../case/index.ts';

// The case's data model lives in src/case (below the store and the worker); the UI reads it
// through this contract like everything else the worker serves.
export type {
  AlertDetail,
  AlertRow,
  ClosingReason,
  EvidenceStep,
  ExplanationNode,
  FileIssue,
  FileSummary,
  JsonDoc,
  RuleException,
  RuleReport,
  SessionSummary,
  Severity,
  StageReport,
  Triage,
  TriageStatus,
} from '../case/index.ts';

import type {
  Density,
  DensityRequest,
  TimelineEventRecord,
  TimelineEventRef,
  TimelineEventsPage,
  TimelineEventsQuery,
  TimelineExtent,
} from './timeline-api.ts';

export * from './timeline-api.ts';

export interface FileProgress {
  fileId: string;
  name: string;
  bytesRead: number;
  size: number;
  events: number;
  status: FileSummary['status'];
}

export interface ScanProgress {
  scanId: string;
  files: FileProgress[];
  bytesRead: number;
  bytesTotal: number;
  events: number;
  eventsPerSecond: number;
  elapsedMs: number;
  etaMs: number | null;
  alerts: number;
  phase: 'reading' | 'correlating' | 'saving' | 'done' | 'cancelled' | 'failed';
  /** Set when the browser refused to store more: the scan waits for the user's choice. */
  storageFull?: StorageFull;
}

/** What the user may do when storage is full during a scan: go on storing only alerts (the
 *  events are freed; the files can be re-attached later), or stop and keep what is stored. */
export type StorageChoice = 'alerts-only' | 'stop';

export interface StorageFull {
  /** Bytes used and the quota, as navigator.storage.estimate() says when the write failed. */
  usage: number;
  quota: number;
  /** Null while the scan waits for the answer. */
  choice: StorageChoice | null;
  /**
   * After a stop: events the scan had stored that were let go so the case's own records fit
   * (the browser held the store above its quota; see worker/app/room.ts).
   */
  released?: number;
}

/** Another tab needs the database (see AppApi.watchDatabase). */
export interface DatabaseChange {
  /** 'updated': a newer Sequent in another tab upgraded the database and this tab's
   *  connection was closed (reload); 'blocked': this tab waits for an older tab to close;
   *  'open': the wait is over. */
  state: 'updated' | 'blocked' | 'open';
  /** The version asked for ('updated': the other tab's; 'blocked': this tab's). */
  version: number | null;
}

export interface ScanOutcome {
  scanId: string;
  session: SessionSummary;
  cancelled: boolean;
  files: FileSummary[];
  /** Events this scan stored (a cancel's helpers add theirs later: see `lateRows`). */
  events: number;
  alerts: number;
  elapsedMs: number;
  /** Workers that read the files: 1 when this worker read them all, more when spread. */
  readers?: number;
  /** A resume: the dropped files it did not read again, and why. */
  notResumed?: { name: string; reason: string }[];
  /** Storage was full during the scan, and what the user chose. */
  storageFull?: StorageFull;
  /** Cancelled while other workers read: their files' rows come later (`AppApi.lateRows`). */
  lateRows?: true;
}

export interface MitreRef {
  id: string;
  name: string;
  reference: string;
}

export interface RuleView {
  id: string;
  name: string;
  description: string;
  type: string;
  language: string;
  query: string;
  /** The query pretty-printed by the EQL printer (the query itself when it does not parse). */
  prettyQuery: string;
  severity: Severity;
  riskScore: number;
  tags: string[];
  tactics: MitreRef[];
  techniques: (MitreRef & { subtechniques: MitreRef[] })[];
  falsePositives: string[];
  note: string;
  references: string[];
  author: string[];
  license: string;
  version: number;
  interval: string;
  from: string;
  maxSignals: number;
  index: string[];
  origin: 'elastic' | 'sequent' | 'imported';
  enabled: boolean;
  /** Not runnable here (non-EQL type), with the reason. */
  unsupported: string | null;
  /** The query does not parse or validate: the positioned message. */
  error: QueryError | null;
  /** A rule converted from Sigma: the YAML it came from, shown beside the EQL. */
  sigma?: { yaml: string; kind: string; filters: string[] };
  /** A built-in replaced by the imported rule of this id (switched off meanwhile). */
  replacedBy?: string;
}

export interface QueryError {
  message: string;
  line: number;
  column: number;
  offset: number;
  length: number;
  /** `line:col: message`, the source line and a caret line. */
  formatted: string;
}

export interface QueryCheck {
  ok: boolean;
  kind: 'event' | 'sequence' | 'sample' | null;
  error: QueryError | null;
  /** Fields the query names that no event of the session has (checked with a session only). */
  unknownFields?: UnknownFieldFlag[];
}

/** A field a query names that the session's events never carry: Elasticsearch's "Unknown column". */
export interface UnknownFieldFlag {
  field: string;
  /** Where the query first names it (0-based offset and length in the query text). */
  offset: number;
  length: number;
  /** Known field names close to it, closest first. */
  suggestions: string[];
  /** `the session has no field \`proces.nme\` (did you mean \`process.name\`?)` */
  message: string;
}

export interface ImportReport {
  /** New rules and newer versions of stored ones (`updated` counts the latter). */
  imported: RuleView[];
  updated: number;
  /** Rules already stored at the same version: left as they were (switch included). */
  unchanged: number;
  /** Rules sharing a built-in's rule_id: kept beside the built-in under `storedId`. */
  collisions: { name: string; ruleId: string; storedId: string; builtinName: string }[];
  /** Rules that cannot run on a file (ES|QL, machine learning…), with the reason. */
  unsupported: { name: string; type: string; file: string; reason: string }[];
  failed: { name: string; file: string; message: string }[];
}

export interface RerunDiff {
  added: AlertRow[];
  removed: AlertRow[];
  unchanged: number;
  /** Rules that ran (all enabled ones for a re-run, the new or updated ones after an import). */
  rules?: number;
  /** Cancelled before the end: nothing was written, the alerts are as they were. */
  cancelled?: boolean;
}

/** How far a run of rules over a session's stored events has got. */
export interface RuleRunProgress {
  rules: number;
  events: number;
  eventsTotal: number;
  alerts: number;
  elapsedMs: number;
  phase: 'reading' | 'correlating' | 'saving';
}

export interface HuntResult {
  kind: 'event' | 'sequence' | 'sample';
  /** Results in the same shape as alerts, so the same table and evidence views show them. */
  rows: AlertDetail[];
  total: number;
  truncated: boolean;
  elapsedMs: number;
  error: QueryError | null;
  /** For an empty result: why, when the query names fields the session lacks. */
  emptyNote?: string | null;
}

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** What re-attaching the original files of an 'alerts-only' session did. */
export interface ReattachReport {
  /** Dropped files recognised as files of the session (their events are usable again). */
  matched: { name: string; fileId: string }[];
  /** Dropped files that are not files of the session, and why (says what was compared). */
  unmatched: { name: string; reason: string }[];
  /** Events read from the matched files. */
  events: number;
  /** Where the events went: stored again, or (the quota still too small) kept in memory
   *  for the life of the page. */
  kept?: 'stored' | 'memory' | 'none';
}

export type AlertExportFormat = 'ndjson' | 'csv' | 'navigator' | 'html';

/** What the UI calls. Progress callbacks are comlink proxies created by the caller. */
export interface AppApi {
  // sessions
  listSessions(): Promise<SessionSummary[]>;
  lastSession(): Promise<SessionSummary | null>;
  createSession(name?: string): Promise<SessionSummary>;
  openSession(id: string): Promise<SessionSummary>;
  renameSession(id: string, name: string): Promise<void>;
  duplicateSession(id: string): Promise<SessionSummary>;
  deleteSession(id: string): Promise<void>;
  loadDemo(): Promise<SessionSummary>;
  storageInfo(): Promise<StorageInfo>;
  exportSession(id: string): Promise<Blob>;
  importSession(file: Blob): Promise<SessionSummary>;

  // scanning
  scanFiles(
    sessionId: string,
    files: File[],
    onProgress: (progress: ScanProgress) => void,
  ): Promise<ScanOutcome>;
  cancelScan(): Promise<void>;
  /**
   * After a cancelled scan: settles once the rows of files other workers were reading are
   * written (their own account of what they read comes after the cancel answered), with the
   * session then; null when there were none. Waits 5 s at most.
   */
  lateRows(sessionId: string): Promise<SessionSummary | null>;
  /** The user's answer to the running scan's `storageFull`. */
  answerStorageFull(choice: StorageChoice): Promise<void>;
  /** Reports to the page (a comlink proxy) when another tab's Sequent needs the database. */
  watchDatabase(onChange: (change: DatabaseChange) => void): Promise<void>;
  /**
   * After a cancelled scan: keep what its files gave (the rules run over every stored event, so
   * the alerts cover them) or discard it (those files' events and rows are removed).
   */
  settleCancelled(sessionId: string, keep: boolean): Promise<SessionSummary>;
  /**
   * After a scan was cut short (cancel, reload, a dead worker): reads the dropped files that
   * match the session's unfinished rows again, into those rows, after removing their partial
   * events; finished files are not read again. Rejects when no dropped file matches.
   */
  resumeScan(
    sessionId: string,
    files: File[],
    onProgress: (progress: ScanProgress) => void,
  ): Promise<ScanOutcome>;
  /**
   * Holds the Web Lock `name` for the rest of this worker's life; true once held (false
   * where Web Locks are missing). The page waits on the same lock: it is granted when the
   * worker is gone, however it died.
   */
  holdLifeline(name: string): Promise<boolean>;
  /** Serves this worker's part of spread scans on the port (the page links its workers). */
  servePeer(port: MessagePort): Promise<void>;
  /** Later scans also read files through the worker at the other end of the port. */
  addPeer(port: MessagePort, id: number): Promise<void>;
  /** The page saw that worker die: its reads in flight fail (and are redone or reported). */
  dropPeer(id: number): Promise<void>;
  listFiles(sessionId: string): Promise<FileSummary[]>;
  /** Matches the original files of the session (no new files, no new alerts) and makes
   *  their events available to hunting and re-running rules again. */
  reattachFiles(sessionId: string, files: File[]): Promise<ReattachReport>;

  // alerts and triage
  listAlerts(sessionId: string): Promise<AlertRow[]>;
  getAlert(sessionId: string, alertId: string): Promise<AlertDetail>;
  setTriage(sessionId: string, alertId: string, triage: Partial<Triage>): Promise<Triage>;

  // rules
  listRules(): Promise<RuleView[]>;
  ruleReports(sessionId: string): Promise<RuleReport[]>;
  /**
   * Completes the reports that wait for their near-miss counts (`RuleReport.counting`: a scan
   * counts them after its alerts are saved), counting them unless that runs; resolves once it
   * has ended, true when no report waits any more (then read the reports again).
   */
  nearMissCounts(sessionId: string): Promise<boolean>;
  /** With a session, also flags fields no event of that session has. */
  checkQuery(query: string, sessionId?: string | null): Promise<QueryCheck>;
  saveRule(rule: RuleView): Promise<RuleView>;
  setRuleEnabled(ruleId: string, enabled: boolean): Promise<void>;
  /** Switches many rules at once (the rules page's bulk action). */
  setRulesEnabled(ruleIds: string[], enabled: boolean): Promise<void>;
  deleteRule(ruleId: string): Promise<void>;
  importRules(files: File[]): Promise<ImportReport>;
  exportRules(format: 'toml' | 'ndjson'): Promise<Blob>;
  rerunRules(sessionId: string): Promise<RerunDiff>;
  /**
   * Runs the given enabled rules (all enabled ones when null) over the session's events and
   * replaces only their alerts and reports: other rules' alerts stay as they are.
   */
  runRules(
    sessionId: string,
    ruleIds: string[] | null,
    onProgress?: (progress: RuleRunProgress) => void,
  ): Promise<RerunDiff>;
  /** Imported copies (`<rule_id>:imported`) replace their built-ins, which are switched off
   *  and marked, or (`replace` false) those built-ins run again. Returns the rule ids whose
   *  alerts change, to run on the open session. */
  replaceBuiltins(copyIds: string[], replace: boolean): Promise<string[]>;
  /** Stops the run of rules in progress; it writes nothing. */
  cancelRuleRun(): Promise<void>;

  // exceptions
  listExceptions(): Promise<RuleException[]>;
  addException(
    ruleId: string,
    field: string,
    value: string,
    fromAlert?: string,
  ): Promise<RuleException>;
  removeException(id: string): Promise<void>;

  // hunting
  /** Where the session's events sit in time, per host. */
  timelineExtent(sessionId: string): Promise<TimelineExtent>;
  /** Event counts per host, category and time bin, binned in the worker. */
  timelineDensity(sessionId: string, request: DensityRequest): Promise<Density>;
  /** A page of the events of a time window, in time order. */
  timelineEvents(sessionId: string, query: TimelineEventsQuery): Promise<TimelineEventsPage>;
  timelineEvent(sessionId: string, ref: TimelineEventRef): Promise<TimelineEventRecord>;

  hunt(sessionId: string, query: string, options?: { size?: number }): Promise<HuntResult>;
  fieldNames(sessionId: string): Promise<string[]>;
  huntHistory(): Promise<string[]>;

  // hand-over
  exportAlerts(sessionId: string, format: AlertExportFormat, alertIds?: string[]): Promise<Blob>;
  exportEvents(sessionId: string, index: string): Promise<Blob>;
}
