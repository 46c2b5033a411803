// The worker's app services (AppApi) as one object for comlink: each concern is a service of
// its own under ./services/, sharing one ServiceContext (database, clock, ingest, the scan
// queue, provisional alerts, events at hand). This class only composes them, so app-api.ts
// stays the one contract the page calls. One instance per worker.
import { releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { Rule } from '../../rules/index.ts';
import type {
  AlertExportFormat,
  AppApi,
  DatabaseChange,
  RuleRunProgress,
  RuleView,
  ScanOutcome,
  ScanProgress,
  StorageChoice,
  Triage,
} from '../app-api.ts';
import type { OnFeed } from './correlate.ts';
import type { HelperApi } from './helpers.ts';
import type { RemoteJob } from './scan-request.ts';
import { explainQuota } from './storage-full.ts';
import { AlertService } from './services/alerts.ts';
import { ServiceContext, type AppServiceOptions } from './services/context.ts';
import { DemoService } from './services/demo.ts';
import { ExceptionService } from './services/exceptions.ts';
import { HandoverService } from './services/handover.ts';
import { HuntService } from './services/hunting.ts';
import { holdLifeline } from './services/lifeline.ts';
import { ReattachService } from './services/reattach.ts';
import { RuleService } from './services/rules.ts';
import { NearMissService } from './services/near-miss.ts';
import { ScanService } from './services/scan.ts';
import { SessionService } from './services/sessions.ts';
import { TimelineService } from './services/timeline.ts';
import type { DensityRequest, TimelineEventRef, TimelineEventsQuery } from '../timeline-api.ts';

export type { AppServiceOptions } from './services/context.ts';

/** Runs of rules write alerts: a full store is said in words (usage, what to do). */
function inWords<T>(work: Promise<T>): Promise<T> {
  return work.catch(async (error: unknown) => {
    throw await explainQuota(error);
  });
}

export class AppService implements AppApi {
  readonly #sessions: SessionService;
  readonly #demo: DemoService;
  readonly #scan: ScanService;
  readonly #nearMiss: NearMissService;
  readonly #reattach: ReattachService;
  readonly #alerts: AlertService;
  readonly #rules: RuleService;
  readonly #exceptions: ExceptionService;
  readonly #hunt: HuntService;
  readonly #handover: HandoverService;
  readonly #timeline: TimelineService;
  readonly #ctx: ServiceContext;
  /** Sessions whose last scan found storage full: no cache is written for them. */
  readonly #storageRanOut = new Set<string>();

  constructor(options: AppServiceOptions) {
    const ctx = new ServiceContext(options);
    this.#ctx = ctx;
    this.#sessions = new SessionService(ctx);
    this.#scan = new ScanService(ctx);
    this.#nearMiss = new NearMissService(ctx, this.#scan.peers);
    this.#demo = new DemoService(ctx, this.#sessions, this.#scan);
    this.#reattach = new ReattachService(ctx);
    this.#alerts = new AlertService(ctx);
    this.#rules = new RuleService(ctx);
    this.#exceptions = new ExceptionService(ctx);
    this.#hunt = new HuntService(ctx);
    this.#handover = new HandoverService(ctx, this.#alerts, this.#rules);
    this.#timeline = new TimelineService(ctx);
  }

  // sessions
  listSessions() {
    return this.#sessions.listSessions();
  }
  lastSession() {
    return this.#sessions.lastSession();
  }
  createSession(name?: string) {
    return this.#sessions.createSession(name);
  }
  async openSession(id: string) {
    // A scan the page did not see end (reload, crash, closed tab) is settled first.
    await this.#scan.recoverInterrupted(id);
    return this.#sessions.openSession(id);
  }
  renameSession(id: string, name: string) {
    return this.#sessions.renameSession(id, name);
  }
  duplicateSession(id: string) {
    return this.#preparedSession(this.#sessions.duplicateSession(id));
  }
  deleteSession(id: string) {
    return this.#nearMiss.hold(this.#sessions.deleteSession(id));
  }
  loadDemo() {
    return this.#demo.loadDemo().then((session) => {
      this.#nearMiss.start(session.id);
      return session;
    });
  }
  storageInfo() {
    return this.#sessions.storageInfo();
  }
  exportSession(id: string) {
    return this.#sessions.exportSession(id);
  }
  importSession(file: Blob) {
    return this.#preparedSession(this.#sessions.importSession(file));
  }

  // scanning
  scanFiles(sessionId: string, files: File[], onProgress: (progress: ScanProgress) => void) {
    const scan = this.#nearMiss.hold(this.#scan.scanFiles(sessionId, files, onProgress));
    return this.#preparedScan(sessionId, scan);
  }
  cancelScan() {
    return this.#scan.cancelScan();
  }
  lateRows(sessionId: string) {
    return this.#scan.lateRows(sessionId);
  }
  answerStorageFull(choice: StorageChoice) {
    return this.#scan.answerStorageFull(choice);
  }
  async watchDatabase(onChange: (change: DatabaseChange) => void) {
    this.#ctx.database.watch(onChange);
  }
  async settleCancelled(sessionId: string, keep: boolean) {
    // Discarding keeps the checkpointed alerts, unless some finished file is not covered.
    const behind = !keep && (await this.#scan.uncovered(sessionId));
    if (keep) await inWords(this.#rules.rerunRules(sessionId));
    const settled = await this.#scan.settleCancelled(sessionId, keep);
    if (behind) {
      await inWords(this.#rules.rerunRules(sessionId));
      return this.#prepared(sessionId, this.#sessions.openSession(sessionId));
    }
    return this.#prepared(sessionId, Promise.resolve(settled));
  }
  resumeScan(sessionId: string, files: File[], onProgress: (progress: ScanProgress) => void) {
    const scan = this.#nearMiss.hold(this.#scan.resumeScan(sessionId, files, onProgress));
    return this.#preparedScan(sessionId, scan);
  }
  /**
   * A scan the user still has to settle (cancelled, or stopped when storage was full) gets its
   * index once settled: the index is a cache, and written meanwhile it would race the settle's
   * alerts and counts for the last room a full store has. After storage ran out it is not
   * written at all (the timeline builds it in memory when opened).
   */
  #preparedScan(sessionId: string, scan: Promise<ScanOutcome>): Promise<ScanOutcome> {
    return scan.then((outcome) => {
      if (outcome.storageFull) this.#storageRanOut.add(sessionId);
      else this.#storageRanOut.delete(sessionId);
      if (outcome.cancelled) return outcome;
      // The reports' near-miss counts are taken now, from the stored events.
      this.#nearMiss.start(sessionId);
      return this.#prepared(sessionId, Promise.resolve(outcome));
    });
  }
  /**
   * Once a scan has stored its events, the timeline's index is built and saved in the background
   * (from the places stored beside each chunk), so the timeline's first open only reads it.
   */
  #prepared<T>(sessionId: string, scan: Promise<T>): Promise<T> {
    return scan.then((outcome) => {
      if (!this.#storageRanOut.has(sessionId))
        this.#timeline.prepare(sessionId).catch(() => undefined);
      return outcome;
    });
  }
  /** The same for a session whose events were all written at once (an import, a copy). */
  #preparedSession<T extends { id: string }>(made: Promise<T>): Promise<T> {
    return made.then((session) => this.#prepared(session.id, Promise.resolve(session)));
  }
  holdLifeline(name: string) {
    return holdLifeline(name);
  }
  servePeer(port: MessagePort) {
    return this.#scan.servePeer(port, {
      countNearMissChunks: (sessionId, rules, claim) =>
        this.#nearMiss
          .countChunks(sessionId, rules, claim)
          // The asking worker's claims came through a proxy: its port is let go.
          .finally(() => (claim as Remote<() => number>)[releaseProxy]()),
      cancelCounts: (sessionId) => this.#nearMiss.cancelCounts(sessionId),
    });
  }
  async addPeer(port: MessagePort, id: number) {
    this.#scan.peers.add(id, wrap<HelperApi>(port));
  }
  async dropPeer(id: number) {
    this.#scan.peers.drop(id);
  }
  /** A helper's part of a spread scan (called by another worker, not by the UI). */
  collectFile(job: RemoteJob & { rules: Rule[] }, onFeed: OnFeed) {
    return this.#scan.collectFile(job, onFeed);
  }
  listFiles(sessionId: string) {
    return this.#scan.listFiles(sessionId);
  }
  reattachFiles(sessionId: string, files: File[]) {
    return this.#prepared(sessionId, this.#reattach.reattachFiles(sessionId, files));
  }

  // alerts and triage
  listAlerts(sessionId: string) {
    return this.#alerts.listAlerts(sessionId);
  }
  getAlert(sessionId: string, alertId: string) {
    return this.#alerts.getAlert(sessionId, alertId);
  }
  setTriage(sessionId: string, alertId: string, triage: Partial<Triage>) {
    return this.#alerts.setTriage(sessionId, alertId, triage);
  }

  // rules
  listRules() {
    return this.#rules.listRules();
  }
  ruleReports(sessionId: string) {
    return this.#rules.ruleReports(sessionId);
  }
  nearMissCounts(sessionId: string) {
    return this.#nearMiss.counted(sessionId);
  }
  async checkQuery(query: string, sessionId?: string | null) {
    const check = await this.#rules.checkQuery(query);
    return sessionId ? this.#hunt.flagUnknownFields(check, query, sessionId) : check;
  }
  saveRule(rule: RuleView) {
    return this.#rules.saveRule(rule);
  }
  setRuleEnabled(ruleId: string, enabled: boolean) {
    return this.#rules.setRuleEnabled(ruleId, enabled);
  }
  setRulesEnabled(ruleIds: string[], enabled: boolean) {
    return this.#rules.setRulesEnabled(ruleIds, enabled);
  }
  deleteRule(ruleId: string) {
    return this.#rules.deleteRule(ruleId);
  }
  importRules(files: File[]) {
    return this.#rules.importRules(files);
  }
  exportRules(format: 'toml' | 'ndjson') {
    return this.#rules.exportRules(format);
  }
  rerunRules(sessionId: string) {
    return this.#nearMiss.hold(inWords(this.#rules.rerunRules(sessionId)));
  }
  runRules(
    sessionId: string,
    ruleIds: string[] | null,
    onProgress?: (progress: RuleRunProgress) => void,
  ) {
    return this.#nearMiss.hold(inWords(this.#rules.runRules(sessionId, ruleIds, onProgress)));
  }
  replaceBuiltins(copyIds: string[], replace: boolean) {
    return this.#rules.replaceBuiltins(copyIds, replace);
  }
  cancelRuleRun() {
    return this.#rules.cancelRuleRun();
  }

  // exceptions
  listExceptions() {
    return this.#exceptions.listExceptions();
  }
  addException(ruleId: string, field: string, value: string, fromAlert?: string) {
    return this.#exceptions.addException(ruleId, field, value, fromAlert);
  }
  removeException(id: string) {
    return this.#exceptions.removeException(id);
  }

  // timeline
  timelineExtent(sessionId: string) {
    return this.#timeline.timelineExtent(sessionId);
  }
  async timelineDensity(sessionId: string, request: DensityRequest) {
    const density = await this.#timeline.timelineDensity(sessionId, request);
    // Moved, not copied: fifty lanes' counts copied into the page were a 20-80 ms task there.
    return transfer(
      density,
      density.lanes.map((l) => l.counts.buffer),
    );
  }
  timelineEvents(sessionId: string, query: TimelineEventsQuery) {
    return this.#timeline.timelineEvents(sessionId, query);
  }
  timelineEvent(sessionId: string, ref: TimelineEventRef) {
    return this.#timeline.timelineEvent(sessionId, ref);
  }

  // hunting
  hunt(sessionId: string, query: string, options?: { size?: number }) {
    return this.#hunt.hunt(sessionId, query, options);
  }
  fieldNames(sessionId: string) {
    return this.#hunt.fieldNames(sessionId);
  }
  huntHistory() {
    return this.#hunt.huntHistory();
  }

  // hand-over
  exportAlerts(sessionId: string, format: AlertExportFormat, alertIds?: string[]) {
    return this.#handover.exportAlerts(sessionId, format, alertIds);
  }
  exportEvents(sessionId: string, index: string) {
    return this.#handover.exportEvents(sessionId, index);
  }
}
