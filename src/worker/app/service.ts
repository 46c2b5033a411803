// The worker services behind the app (AppApi): sessions, scans, triage, rules, exceptions,
// hunting and hand-over, over the foundation's IndexedDB. One instance per worker.
import { expose, wrap } from 'comlink';
import { zipSync, strToU8 } from 'fflate';
import type { IDBPDatabase } from 'idb';
import { demoDataset } from '../../demo/index.ts';
import { ingestFile } from '../../ingest/index.ts';
import {
  builtinRules,
  importRules,
  importRulesFromZip,
  ruleQueryChecker,
  rulesToKibanaNdjson,
  rulesToToml,
  type ImportReport as RulesImportReport,
  type Rule,
} from '../../rules/index.ts';
import type { SequentSchema } from '../../store/schema.ts';
import type { ServiceSession } from '../../store/service-records.ts';
import { OPEN } from '../../store/triage.ts';
import type {
  AlertDetail,
  AlertExportFormat,
  AlertRow,
  AppApi,
  FileSummary,
  HuntResult,
  ImportReport,
  QueryCheck,
  ReattachReport,
  RerunDiff,
  RuleException,
  RuleReport,
  RuleView,
  ScanOutcome,
  ScanProgress,
  SessionSummary,
  StorageInfo,
  Triage,
} from '../app-api.ts';
import { chunkBatch } from './chunker.ts';
import { CorrelationRun, type CandidateFeed, type EventBatch } from './correlate.ts';
import { hiddenBy } from './exceptions.ts';
import { flatten } from './fields.ts';
import { alertsToCsv } from './handover/alerts-csv.ts';
import { alertsToNdjson } from './handover/alerts-ndjson.ts';
import { bulkLines, checkIndexName } from './handover/bulk.ts';
import { htmlReport } from './handover/html-report.ts';
import { navigatorLayer } from './handover/navigator.ts';
import { diffAlerts } from './identity.ts';
import { newId } from '../../store/id.ts';
import { eqlLanguage } from './language.ts';
import type { AlertBody, RunnableRule } from './model.ts';
import { errorText } from './file-summary.ts';
import {
  CHUNK_SIZE,
  CHUNKS_PER_FILE,
  runScan,
  type IngestFn,
  type PriorData,
  type RemoteJob,
  type RemoteResult,
  type ScanFile,
} from './pipeline.ts';
import { collectFile, runnableRules } from './collect-file.ts';
import { helperCount, Peers, startHelpers, type HelperApi } from './helpers.ts';
import { Repos } from './repos.ts';
import { ruleReport } from './report.ts';
import { compileOptionsOf, fromRuleView, runnable, toRuleView } from './rule-view.ts';
import {
  readSessionFile,
  rekey,
  SESSION_FORMAT,
  SESSION_VERSION,
  sessionFileParts,
} from './session-file.ts';
import { detailOf, details, rowOf, sessionSummary, storedAlert } from './views.ts';
import { IdbSink } from './idb-sink.ts';
import { AttachedEvents, matchFiles, readChunks, storeChunks } from './reattach.ts';

export interface AppServiceOptions {
  openDb: () => Promise<IDBPDatabase<SequentSchema>>;
  ingest?: IngestFn;
  now?: () => number;
}

const DEFAULT_HUNT_SIZE = 100;
const MAX_HUNT_SIZE = 10_000;

function ruleLanguage(
  rule: Pick<Rule, 'timestamp_override' | 'event_category_override' | 'tiebreaker_field'>,
) {
  return eqlLanguage(compileOptionsOf(rule));
}

function defaultName(now: number): string {
  return `Case ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function blob(parts: BlobPart[], type: string): Blob {
  return new Blob(parts, { type });
}

/** Files that gave events: one that failed or held none has nothing to re-attach. */
function holdingEvents<T extends { mapped?: number; eventCount: number }>(files: T[]): T[] {
  return files.filter((f) => (f.mapped ?? f.eventCount) > 0);
}

export class AppService implements AppApi {
  readonly #openDb: () => Promise<IDBPDatabase<SequentSchema>>;
  readonly #ingest: IngestFn;
  readonly #now: () => number;
  #repos: Promise<Repos> | undefined;
  /** Scans run one after another (the page may start the demo while a test or user scans). */
  #scans: Promise<unknown> = Promise.resolve();
  /** Every scan running or waiting: cancel stops them all. */
  readonly #controllers = new Set<AbortController>();
  #demo: Promise<SessionSummary> | null = null;
  /** Alerts of a session whose scan is still running, from what it has read so far. */
  readonly #provisional = new Map<string, AlertBody[]>();
  /** Re-attached events the quota still refused: kept here for the life of the page. */
  readonly #attached = new AttachedEvents();
  /** The page's other workers, which read files of a scan beside this one. */
  readonly #peers = new Peers();

  constructor(options: AppServiceOptions) {
    this.#openDb = options.openDb;
    this.#ingest = options.ingest ?? ingestFile;
    this.#now = options.now ?? Date.now;
  }

  #db(): Promise<Repos> {
    this.#repos ??= this.#openDb().then(
      (db) => new Repos(db),
      (error: unknown) => {
        this.#repos = undefined;
        throw error;
      },
    );
    return this.#repos;
  }

  // ── sessions ────────────────────────────────────────────────────────────────

  async listSessions(): Promise<SessionSummary[]> {
    return (await (await this.#db()).sessions.list()).map(sessionSummary);
  }

  async lastSession(): Promise<SessionSummary | null> {
    return (await this.listSessions())[0] ?? null;
  }

  async createSession(name?: string, demo = false): Promise<SessionSummary> {
    const now = this.#now();
    const session: ServiceSession = {
      id: newId(),
      name: name?.trim() || defaultName(now),
      createdAt: now,
      lastUsedAt: now,
      files: 0,
      events: 0,
      alerts: 0,
      demo,
      storage: 'full',
      rules: [],
    };
    await (await this.#db()).sessions.create(session);
    return sessionSummary(session);
  }

  async openSession(id: string): Promise<SessionSummary> {
    const repos = await this.#db();
    return sessionSummary(
      await repos.sessions.update(id, (s) => ({ ...s, lastUsedAt: this.#now() })),
    );
  }

  async renameSession(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A session needs a name.');
    await (
      await this.#db()
    ).sessions.update(id, (s) => ({ ...s, name: trimmed, lastUsedAt: this.#now() }));
  }

  async duplicateSession(id: string): Promise<SessionSummary> {
    const snapshot = await this.#snapshot(id);
    return this.#restore(snapshot, `${snapshot.session.name} (copy)`);
  }

  async deleteSession(id: string): Promise<void> {
    await (await this.#db()).sessions.delete(id);
    this.#attached.drop(id);
  }

  loadDemo(): Promise<SessionSummary> {
    // Two calls at once (a page starting while a test asks) must not build two demos.
    this.#demo ??= this.#loadDemo().finally(() => {
      this.#demo = null;
    });
    return this.#demo;
  }

  async #loadDemo(): Promise<SessionSummary> {
    const repos = await this.#db();
    const existing = (await repos.sessions.list()).find((s) => s.demo && s.files > 0);
    if (existing) return this.openSession(existing.id);
    const data = demoDataset();
    const text = data.docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
    const file = new File([text], data.name, { type: 'application/x-ndjson' });
    const session = await this.createSession('Demo (synthetic data)', true);
    const outcome = await this.scanFiles(session.id, [file], () => undefined);
    return outcome.session;
  }

  async storageInfo(): Promise<StorageInfo> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.estimate) return { usage: 0, quota: 0, persisted: false };
    const estimate = await storage.estimate();
    let persisted = false;
    // persist() exists on pages only; in the worker, report whether the page obtained it.
    const persist = (storage as { persist?: () => Promise<boolean> }).persist;
    if (typeof persist === 'function') persisted = await persist.call(storage).catch(() => false);
    else if (typeof storage.persisted === 'function')
      persisted = await storage.persisted().catch(() => false);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  }

  async exportSession(id: string): Promise<Blob> {
    const { events, ...rest } = await this.#snapshot(id);
    return blob(sessionFileParts(rest, events), 'application/json');
  }

  async importSession(file: Blob): Promise<SessionSummary> {
    const snapshot = readSessionFile(await file.text());
    return this.#restore(snapshot, snapshot.session.name);
  }

  async #snapshot(id: string) {
    const repos = await this.#db();
    const session = await repos.sessions.get(id);
    if (!session) throw new Error(`There is no session ${id}.`);
    const alerts = await repos.alerts.list(id);
    const triage = await repos.triage.bySession(id);
    const used = new Set(alerts.map((a) => a.ruleId));
    const events = [];
    for await (const chunk of repos.events.chunks(id)) events.push(chunk);
    return {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      exportedAt: new Date(this.#now()).toISOString(),
      session,
      files: await repos.files.list(id),
      alerts: alerts.map((a) => a.detail),
      triage: [...triage].map(([alertId, t]) => ({
        alertId,
        sessionId: id,
        status: t.status,
        closingReason: t.reason,
        note: t.notes,
        updatedAt: t.updatedAt,
      })),
      reports: await repos.data.reports(id),
      profile: await repos.data.profile(id),
      rules: (await repos.rules.list()).filter(
        (r) => used.has(r.id) || session.rules.includes(r.id),
      ),
      events,
    } as const;
  }

  async #restore(snapshot: Parameters<typeof rekey>[0], name: string): Promise<SessionSummary> {
    const repos = await this.#db();
    const now = this.#now();
    const data = rekey(snapshot, newId(), newId, name, now);
    await repos.sessions.create(data.session);
    for (const f of data.files) await repos.files.put(f);
    for (const c of data.events) await repos.events.put(c);
    await repos.alerts.replace(data.session.id, data.alerts.map(storedAlert));
    await repos.triage.putAll(data.triage);
    await repos.data.putReports(data.session.id, data.reports);
    await repos.data.putProfile(data.session.id, data.profile);
    // Rules the case was made with come along, switched off, unless they are already here.
    const known = new Set((await repos.rules.list()).map((r) => r.id));
    const missing = data.rules
      .filter((r) => !known.has(r.id))
      .map((r) => ({ ...r, enabled: false }));
    if (missing.length) await repos.rules.putAll(missing, now);
    return sessionSummary(data.session);
  }

  // ── scanning ────────────────────────────────────────────────────────────────

  async scanFiles(
    sessionId: string,
    files: File[],
    onProgress: (progress: ScanProgress) => void,
  ): Promise<ScanOutcome> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const mine = this.#scans
      .catch(() => undefined)
      .then(() => this.#scanNow(sessionId, files, onProgress, controller));
    this.#scans = mine.catch(() => undefined);
    return mine;
  }

  async #scanNow(
    sessionId: string,
    files: File[],
    onProgress: (progress: ScanProgress) => void,
    controller: AbortController,
  ): Promise<ScanOutcome> {
    try {
      const repos = await this.#db();
      const session = await repos.sessions.update(sessionId, (s) => ({
        ...s,
        lastUsedAt: this.#now(),
      }));
      const ruleSet = await this.#rules();
      const rules = runnableRules(ruleSet, ruleLanguage);
      const prior = await this.#prior(repos, session);
      // Files go to helper workers as they are (a File clones cheaply; a wrapper would not).
      const scanFiles: ScanFile[] = files.map((f) => {
        const path = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
        return path && path !== f.name ? new File([f], path, { type: f.type }) : f;
      });
      const scanId = newId();
      const bytes = files.reduce((n, f) => n + f.size, 0);
      const helpers = await startHelpers(
        this.#peers,
        helperCount(files.length, bytes),
        ruleSet.filter((r) => rules.some((x) => x.id === r.id)),
        controller.signal,
      );
      const stopHelpers = () => helpers?.cancel();
      controller.signal.addEventListener('abort', stopHelpers);
      const result = await runScan({
        sessionId,
        scanId,
        files: scanFiles,
        rules,
        language: eqlLanguage(),
        ingest: this.#ingest,
        sink: new IdbSink(repos, sessionId, this.#now),
        signal: controller.signal,
        onProgress: (p) => {
          // A comlink proxy returns a promise; a closed page rejects it, which is fine.
          void Promise.resolve(onProgress(p)).catch(() => undefined);
        },
        newId,
        onProvisional: (alerts) => {
          if (alerts) this.#provisional.set(sessionId, alerts);
          else this.#provisional.delete(sessionId);
        },
        ...(prior ? { prior } : {}),
        ...(helpers ? { readers: helpers.readers } : {}),
      }).finally(() => controller.signal.removeEventListener('abort', stopHelpers));
      const updated = await repos.sessions.update(sessionId, (s) => ({
        ...s,
        files: s.files + files.length,
        events: prior || s.files === 0 ? result.events : s.events + result.events,
        alerts: result.cancelled ? s.alerts : result.alerts.length,
        storage: result.storage === 'alerts-only' ? 'alerts-only' : s.storage,
        rules: result.cancelled ? s.rules : rules.map((r) => r.id),
        lastUsedAt: this.#now(),
      }));
      return {
        scanId,
        session: sessionSummary(updated),
        cancelled: result.cancelled,
        files: result.files,
        alerts: result.alerts.length,
        elapsedMs: Math.round(result.elapsedMs),
        readers: (helpers?.readers.length ?? 0) + 1,
      };
    } finally {
      this.#provisional.delete(sessionId);
      this.#controllers.delete(controller);
    }
  }

  /** A session that already holds events: they are correlated together with the new files. */
  async #prior(repos: Repos, session: ServiceSession): Promise<PriorData | undefined> {
    if (session.files === 0 || session.storage !== 'full') return undefined;
    const files = await repos.files.list(session.id);
    const profile = await repos.data.profile(session.id);
    return {
      fileNames: files.map((f) => f.name),
      profiles: profile ? [profile] : [],
      events: () => this.#batches(repos, session.id),
    };
  }

  async *#batches(repos: Repos, sessionId: string): AsyncGenerator<EventBatch> {
    yield* this.#attached.batches(sessionId);
    for await (const c of repos.events.chunks(sessionId)) yield chunkBatch(c);
  }

  async addPeer(port: MessagePort, id: number): Promise<void> {
    this.#peers.add(id, wrap<HelperApi>(port));
  }

  async dropPeer(id: number): Promise<void> {
    this.#peers.drop(id);
  }

  async servePeer(port: MessagePort): Promise<void> {
    const helper: HelperApi = {
      hello: async () => true,
      cancelScan: () => this.cancelScan(),
      collectFile: (job, onFeed) => this.collectFile(job, onFeed),
    };
    expose(helper, port);
  }

  /** A helper's part of a spread scan (called by another worker, not by the UI). */
  async collectFile(
    job: RemoteJob & { rules: Rule[] },
    onFeed: (feed: CandidateFeed, progress: { bytes: number; events: number }) => void,
  ): Promise<RemoteResult> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    try {
      const repos = await this.#db();
      return await collectFile(job, onFeed, {
        ingest: this.#ingest,
        putChunk: (chunk) => repos.events.put(chunk),
        language: ruleLanguage,
        signal: controller.signal,
      });
    } finally {
      this.#controllers.delete(controller);
    }
  }

  async cancelScan(): Promise<void> {
    for (const controller of this.#controllers) controller.abort();
  }

  async listFiles(sessionId: string): Promise<FileSummary[]> {
    const files = await (await this.#db()).files.list(sessionId);
    return files.map((f) => ({
      id: f.id,
      sessionId: f.sessionId,
      name: f.name,
      size: f.size,
      sha256: f.sha256 ?? null,
      encoding: f.encoding ?? '',
      container: f.container ?? '',
      source: f.source ?? f.format,
      sourceReason: f.sourceReason ?? '',
      hosts: f.hosts ?? [],
      timeRange: f.timeRange ?? null,
      records: f.records ?? f.eventCount,
      mapped: f.mapped ?? f.eventCount,
      skipped: f.skipped ?? 0,
      untimed: f.untimed ?? 0,
      errors: f.errors ?? [],
      warnings: f.warnings ?? [],
      status: f.status ?? 'done',
      error: f.error ?? null,
    }));
  }

  async reattachFiles(sessionId: string, files: File[]): Promise<ReattachReport> {
    // After any running scan, so the session's files and chunks do not change underneath.
    const mine = this.#scans.catch(() => undefined).then(() => this.#reattach(sessionId, files));
    this.#scans = mine.catch(() => undefined);
    return mine;
  }

  async #reattach(sessionId: string, files: File[]): Promise<ReattachReport> {
    const repos = await this.#db();
    const session = await repos.sessions.get(sessionId);
    if (!session) throw new Error(`There is no session ${sessionId}.`);
    if (session.storage === 'full') {
      // Nothing to re-attach: the events are stored; say so instead of reading twice.
      return {
        matched: [],
        unmatched: files.map((f) => ({
          name: f.name,
          reason: 'The events of this session are stored already; nothing to re-attach.',
        })),
        events: 0,
        kept: 'none',
      };
    }
    const stored = await repos.files.list(sessionId);
    const known = stored.map((f) => ({
      id: f.id,
      index: f.index,
      name: f.name,
      size: f.size,
      sha256: f.sha256 ?? null,
    }));
    // Named as the scan named them: a file from a dropped folder by its path in it.
    const named: ScanFile[] = files.map((f) => {
      const path = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
      return path && path !== f.name ? new File([f], path, { type: f.type }) : f;
    });
    const { matched, unmatched } = await matchFiles(known, named);
    let events = 0;
    let kept: ReattachReport['kept'] = matched.length ? 'stored' : 'none';
    const report: ReattachReport['matched'] = [];
    for (const match of matched) {
      let chunks;
      try {
        chunks = await readChunks(match, sessionId, this.#ingest, CHUNK_SIZE);
      } catch (error) {
        unmatched.push({
          name: match.file.name,
          reason: `Matched ${match.known.name}, but it could not be read again: ${errorText(error)}`,
        });
        continue;
      }
      const where = await storeChunks(
        {
          putChunk: (c) => repos.events.put(c),
          // All of the file's stored chunks, also those of an earlier re-attach: the memory
          // copy then holds the whole file, and no event is searched twice.
          removeChunks: async () => {
            const first = match.known.index * CHUNKS_PER_FILE;
            await repos.db.delete(
              'events',
              IDBKeyRange.bound([sessionId, first], [sessionId, first + CHUNKS_PER_FILE - 1]),
            );
          },
        },
        chunks,
      );
      if (where === 'memory') {
        kept = 'memory';
        this.#attached.set(sessionId, match.known.index, chunks);
      } else this.#attached.forget(sessionId, match.known.index);
      events += chunks.reduce((n, c) => n + c.events.length, 0);
      report.push({ name: match.file.name, fileId: match.known.id });
    }
    // Every file's events stored again: the session is whole, after a reload too.
    const done = await this.#attachedFiles(repos, sessionId);
    if (
      this.#attached.files(sessionId).length === 0 &&
      holdingEvents(stored).every((f) => done.has(f.index))
    )
      await repos.sessions.update(sessionId, (s) => ({ ...s, storage: 'full' }));
    return { matched: report, unmatched, events, kept };
  }

  /** Files (by index) whose events are at hand: stored (a re-attach survives a reload) or
   *  kept in memory. */
  async #attachedFiles(repos: Repos, sessionId: string): Promise<Set<number>> {
    const stored = (await repos.events.chunkNumbers(sessionId)).map((n) =>
      Math.floor(n / CHUNKS_PER_FILE),
    );
    return new Set([...stored, ...this.#attached.files(sessionId)]);
  }

  /** Why the session's events cannot be searched now, or null when they can. */
  async #eventsMissing(
    repos: Repos,
    session: ServiceSession,
    every: boolean,
    what: string,
  ): Promise<string | null> {
    if (session.storage === 'full') return null;
    const done = await this.#attachedFiles(repos, session.id);
    const base = `This session kept alerts only (storage was full): attach the original files again to ${what}.`;
    if (!done.size) return base;
    if (!every) return null;
    const missing = holdingEvents(await repos.files.list(session.id)).filter(
      (f) => !done.has(f.index),
    );
    return missing.length
      ? `${base} Not re-attached yet: ${missing.map((f) => f.name).join(', ')}.`
      : null;
  }

  // ── alerts and triage ───────────────────────────────────────────────────────

  /**
   * While a scan runs, its provisional alerts stand in for the stored ones. Which of the two
   * was read is said here, at the read: the scan may end before the caller's next await.
   */
  async #alerts(repos: Repos, sessionId: string) {
    const provisional = this.#provisional.get(sessionId);
    return provisional
      ? { alerts: provisional.map(storedAlert), provisional: true }
      : { alerts: await repos.alerts.list(sessionId), provisional: false };
  }

  async #details(sessionId: string, ids?: readonly string[]): Promise<AlertDetail[]> {
    const repos = await this.#db();
    const { alerts, provisional } = await this.#alerts(repos, sessionId);
    const wanted = ids ? new Set(ids) : null;
    const list = details(
      wanted ? alerts.filter((a) => wanted.has(a.id)) : alerts,
      await repos.triage.bySession(sessionId),
      await repos.exceptions.list(),
      OPEN,
    );
    return provisional ? list.map((d) => ({ ...d, provisional: true })) : list;
  }

  async listAlerts(sessionId: string): Promise<AlertRow[]> {
    return (await this.#details(sessionId)).map(
      ({ query: _q, joinKeys: _j, steps: _s, triage: _t, ...row }) => row,
    );
  }

  #isProvisional(sessionId: string, alertId: string): boolean {
    return this.#provisional.get(sessionId)?.some((a) => a.id === alertId) ?? false;
  }

  async getAlert(sessionId: string, alertId: string): Promise<AlertDetail> {
    const repos = await this.#db();
    const body = this.#provisional.get(sessionId)?.find((a) => a.id === alertId);
    const alert = body ? storedAlert(body) : await repos.alerts.get(alertId);
    if (!alert || alert.sessionId !== sessionId)
      throw new Error(`There is no alert ${alertId} in this session.`);
    const exceptions = await repos.exceptions.list();
    const detail = detailOf(
      alert.detail,
      await repos.triage.get(alertId),
      hiddenBy(exceptions, alert.detail),
    );
    return body ? { ...detail, provisional: true } : detail;
  }

  async setTriage(sessionId: string, alertId: string, triage: Partial<Triage>): Promise<Triage> {
    const repos = await this.#db();
    const alert = await repos.alerts.get(alertId);
    if ((!alert || alert.sessionId !== sessionId) && this.#isProvisional(sessionId, alertId))
      throw new Error('This alert is provisional while the scan runs: triage it once it ends.');
    if (!alert || alert.sessionId !== sessionId)
      throw new Error(`There is no alert ${alertId} in this session.`);
    const result = await repos.triage.set(sessionId, alertId, triage, this.#now());
    await repos.sessions.update(sessionId, (s) => ({ ...s, lastUsedAt: this.#now() }));
    return result;
  }

  // ── rules ───────────────────────────────────────────────────────────────────

  async #rules(): Promise<Rule[]> {
    const repos = await this.#db();
    await repos.rules.seed(builtinRules, this.#now());
    return repos.rules.list();
  }

  async #runnableRules(): Promise<RunnableRule[]> {
    return (await this.#rules())
      .map((r) => runnable(r, ruleLanguage))
      .filter((r): r is RunnableRule => r !== null);
  }

  async listRules(): Promise<RuleView[]> {
    return (await this.#rules()).map((r) => toRuleView(r, ruleLanguage(r)));
  }

  async ruleReports(sessionId: string): Promise<RuleReport[]> {
    const repos = await this.#db();
    const reports = await repos.data.reports(sessionId);
    const alerts = await repos.alerts.list(sessionId);
    const exceptions = await repos.exceptions.list();
    return reports.map((r) => ({
      ...r,
      hiddenByExceptions: alerts.filter(
        (a) => a.ruleId === r.ruleId && hiddenBy(exceptions, a.detail),
      ).length,
    }));
  }

  async checkQuery(query: string): Promise<QueryCheck> {
    const language = eqlLanguage();
    try {
      return { ok: true, kind: language.check(query), error: null };
    } catch (error) {
      return { ok: false, kind: null, error: language.toQueryError(error, query) };
    }
  }

  async saveRule(view: RuleView): Promise<RuleView> {
    const repos = await this.#db();
    await this.#rules();
    const id = view.id?.trim() || newId();
    const base = await repos.rules.get(id);
    const rule = fromRuleView({ ...view, id }, base);
    const shown = toRuleView(rule, ruleLanguage(rule));
    if (shown.error) throw new Error(`The query does not parse: ${shown.error.formatted}`);
    if (!rule.name.trim()) throw new Error('A rule needs a name.');
    await repos.rules.put(rule, this.#now());
    return shown;
  }

  async setRuleEnabled(ruleId: string, enabled: boolean): Promise<void> {
    await (await this.#db()).rules.setEnabled(ruleId, enabled, this.#now());
  }

  async deleteRule(ruleId: string): Promise<void> {
    await (await this.#db()).rules.delete(ruleId);
  }

  async importRules(files: File[]): Promise<ImportReport> {
    const checkQuery = ruleQueryChecker();
    const reports: RulesImportReport[] = [];
    const texts: { name: string; text: string }[] = [];
    for (const file of files) {
      const name = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
        try {
          reports.push(importRulesFromZip(bytes, { checkQuery }));
        } catch (error) {
          reports.push({
            entries: [],
            rules: [],
            unsupported: [],
            errors: [
              {
                status: 'error',
                file: name,
                line: 0,
                message: `Not a readable zip: ${(error as Error).message}`,
              },
            ],
            skipped: [],
            warnings: [],
          });
        }
      } else {
        texts.push({ name, text: new TextDecoder().decode(bytes) });
      }
    }
    if (texts.length) reports.push(importRules(texts, { checkQuery }));
    const rules = reports.flatMap((r) => r.rules);
    const unsupported = reports.flatMap((r) => r.unsupported);
    // Unsupported rules are kept (switched off) so the rules page lists them with the reason.
    const stored: Rule[] = [...rules, ...unsupported.map((u) => ({ ...u.rule, enabled: false }))];
    const repos = await this.#db();
    await this.#rules();
    await repos.rules.putAll(stored, this.#now());
    return {
      imported: rules.map((r) => toRuleView(r, ruleLanguage(r))),
      unsupported: unsupported.map((u) => ({
        name: u.name,
        type: u.type,
        file: u.file,
        reason: u.reason,
      })),
      failed: reports
        .flatMap((r) => r.errors)
        .map((e) => ({
          name: e.name ?? '',
          file: e.file,
          message: `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`,
        })),
    };
  }

  async exportRules(format: 'toml' | 'ndjson'): Promise<Blob> {
    const rules = await this.#rules();
    if (format === 'ndjson') return blob([rulesToKibanaNdjson(rules)], 'application/x-ndjson');
    const files = rulesToToml(rules);
    if (files.length === 1) return blob([files[0].text], 'application/toml');
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.text)])));
    return blob([zip], 'application/zip');
  }

  async rerunRules(sessionId: string): Promise<RerunDiff> {
    const repos = await this.#db();
    const session = await repos.sessions.get(sessionId);
    if (!session) throw new Error(`There is no session ${sessionId}.`);
    const missing = await this.#eventsMissing(repos, session, true, 're-run rules');
    if (missing) throw new Error(missing);
    const rules = await this.#runnableRules();
    const files = await repos.files.list(sessionId);
    const run = new CorrelationRun(rules);
    for await (const batch of this.#batches(repos, sessionId)) run.addEvents(batch);
    const result = run.finish(
      sessionId,
      (f) => files.find((x) => x.index === f)?.name ?? `file ${f + 1}`,
      eqlLanguage(),
    );
    const profile = await repos.data.profile(sessionId);
    const after = result.alerts.flat();
    const before = await repos.alerts.list(sessionId);
    const triage = await repos.triage.bySession(sessionId);
    const exceptions = await repos.exceptions.list();
    const row = (a: AlertBody) => rowOf(a, triage.get(a.id) ?? OPEN, hiddenBy(exceptions, a));
    const diff = diffAlerts(
      before.map((a) => ({ identity: a.detail.identity, row: row(a.detail) })),
      after.map((a) => ({ identity: a.identity, row: row(a) })),
    );
    await repos.alerts.replace(sessionId, after.map(storedAlert));
    await repos.data.putReports(
      sessionId,
      rules.map((r, q) =>
        ruleReport(r, result.outcomes[q], result.stageHosts[q], profile, result.alerts[q].length),
      ),
    );
    await repos.sessions.update(sessionId, (s) => ({
      ...s,
      alerts: after.length,
      rules: rules.map((r) => r.id),
      lastUsedAt: this.#now(),
    }));
    return diff;
  }

  // ── exceptions ──────────────────────────────────────────────────────────────

  async listExceptions(): Promise<RuleException[]> {
    return (await this.#db()).exceptions.list();
  }

  async addException(
    ruleId: string,
    field: string,
    value: string,
    fromAlert?: string,
  ): Promise<RuleException> {
    if (!field.trim()) throw new Error('An exception needs a field.');
    return (await this.#db()).exceptions.add({
      id: newId(),
      ruleId,
      field: field.trim(),
      value,
      createdAt: this.#now(),
      fromAlert: fromAlert ?? null,
    });
  }

  async removeException(id: string): Promise<void> {
    await (await this.#db()).exceptions.remove(id);
  }

  // ── hunting ─────────────────────────────────────────────────────────────────

  async hunt(
    sessionId: string,
    query: string,
    options: { size?: number } = {},
  ): Promise<HuntResult> {
    const started = performance.now();
    const repos = await this.#db();
    const session = await repos.sessions.get(sessionId);
    if (!session) throw new Error(`There is no session ${sessionId}.`);
    const missing = await this.#eventsMissing(repos, session, false, 'hunt');
    if (missing) throw new Error(missing);
    const language = eqlLanguage();
    let compiled;
    try {
      compiled = language.compile(query);
    } catch (error) {
      return {
        kind: 'event',
        rows: [],
        total: 0,
        truncated: false,
        elapsedMs: 0,
        error: language.toQueryError(error, query),
      };
    }
    const size = Math.min(MAX_HUNT_SIZE, Math.max(1, options.size ?? DEFAULT_HUNT_SIZE));
    const rule: RunnableRule = {
      id: 'hunt',
      name: 'Hunt',
      severity: 'low',
      riskScore: 0,
      maxSignals: size,
      query: compiled,
      conjuncts: [],
    };
    const files = await repos.files.list(sessionId);
    const run = new CorrelationRun([rule], size);
    for await (const batch of this.#batches(repos, sessionId)) run.addEvents(batch);
    const result = run.finish(
      sessionId,
      (f) => files.find((x) => x.index === f)?.name ?? `file ${f + 1}`,
      language,
    );
    const outcome = result.outcomes[0];
    const rows = result.alerts[0].map((a) => detailOf(a, OPEN, null));
    await repos.hunts.add(sessionId, query, outcome.total, this.#now(), newId());
    return {
      kind: compiled.kind,
      rows,
      total: outcome.total,
      truncated: outcome.more > 0,
      elapsedMs: Math.round(performance.now() - started),
      error: outcome.error
        ? {
            message: outcome.error,
            line: 1,
            column: 1,
            offset: 0,
            length: 1,
            formatted: outcome.error,
          }
        : null,
    };
  }

  async fieldNames(sessionId: string): Promise<string[]> {
    const repos = await this.#db();
    const profile = await repos.data.profile(sessionId);
    if (profile) return Object.keys(profile.counts).sort();
    const names = new Set<string>();
    for await (const chunk of repos.events.chunks(sessionId)) {
      for (const doc of chunk.events.slice(0, 200))
        for (const k of Object.keys(flatten(doc))) names.add(k);
      break;
    }
    return [...names].sort();
  }

  async huntHistory(): Promise<string[]> {
    return (await this.#db()).hunts.recentQueries();
  }

  // ── hand-over ───────────────────────────────────────────────────────────────

  async exportAlerts(
    sessionId: string,
    format: AlertExportFormat,
    alertIds?: string[],
  ): Promise<Blob> {
    const alerts = await this.#details(sessionId, alertIds);
    const repos = await this.#db();
    const session = await repos.sessions.get(sessionId);
    if (!session) throw new Error(`There is no session ${sessionId}.`);
    switch (format) {
      case 'ndjson':
        return blob([alertsToNdjson(alerts)], 'application/x-ndjson');
      case 'csv':
        return blob([alertsToCsv(alerts)], 'text/csv');
      case 'navigator': {
        const rules = new Map((await this.listRules()).map((r) => [r.id, r]));
        return blob(
          [JSON.stringify(navigatorLayer(alerts, rules, session.name), null, 2)],
          'application/json',
        );
      }
      case 'html':
        return blob([htmlReport(sessionSummary(session), alerts, this.#now())], 'text/html');
      default:
        throw new Error(`Unknown export format ${String(format)}.`);
    }
  }

  async exportEvents(sessionId: string, index: string): Promise<Blob> {
    const problem = checkIndexName(index);
    if (problem) throw new Error(problem);
    const repos = await this.#db();
    const parts: string[] = [];
    for await (const chunk of repos.events.chunks(sessionId))
      parts.push(bulkLines(chunk.events, index));
    return blob(parts, 'application/x-ndjson');
  }
}
