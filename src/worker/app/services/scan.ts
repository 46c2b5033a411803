// Scanning dropped files into a session: one scan at a time, its reading spread over the
// page's other workers (peers), its provisional alerts shown while it runs, and a cancel that
// stops every scan running or waiting. Also this worker's side of a peer's spread scan.
import { expose } from 'comlink';
import type { FileSummary } from '../../../case/index.ts';
import type { Rule } from '../../../rules/index.ts';
import { newId } from '../../../store/id.ts';
import type { ServiceFile, ServiceSession } from '../../../store/service-records.ts';
import type { ScanOutcome, ScanProgress, SessionSummary, StorageChoice } from '../../app-api.ts';
import { collectFile, collectRange, runnableRules, type CollectContext } from '../collect-file.ts';
import { HelperRules } from '../helper-rules.ts';
import { readUnits, type RangeBase, type RangeJob, type RangeRead } from '../split-read.ts';
import type { OnFeed } from '../correlate.ts';
import { helperCount, idleHasher, Peers, startHelpers } from '../helpers.ts';
import type { HelperApi, PeerCounts } from '../helpers.ts';
import { sha256Hex } from '../digest.ts';
import { IdbSink } from '../idb-sink.ts';
import { PendingRows, writeLateRows } from '../late-rows.ts';
import { runScan } from '../pipeline.ts';
import type { Dedupe, PriorData, RemoteJob, RemoteResult, ScanFile } from '../scan-request.ts';
import { resumePlan } from '../resume-match.ts';
import type { Repos } from '../repos.ts';
import { explainQuota, markStopped, StorageFullPrompt } from '../storage-full.ts';
import { closingRecords, stopFull } from '../room.ts';
import { scanLock, scanningElsewhere } from '../scan-lock.ts';
import { fileSummary, sessionSummary } from '../views.ts';
import { named, ruleLanguage, type ServiceContext } from './context.ts';

/**
 * What a cut-short scan leaves: which finished files the stored alerts do not cover (their
 * last checkpoint did not reach them) and the coverage list, kept for a later recovery.
 */
function cutShort(
  rows: readonly ServiceFile[],
  uncorrelated: readonly number[] | undefined,
): Pick<ServiceSession, 'uncorrelated' | 'uncovered'> {
  if (!uncorrelated) return {};
  const behind = new Set(uncorrelated);
  return {
    uncorrelated: [...uncorrelated],
    uncovered: rows.filter((f) => f.status === 'done' && behind.has(f.index)).map((f) => f.name),
  };
}

export class ScanService {
  /** Every scan running or waiting: cancel stops them all. */
  readonly #controllers = new Set<AbortController>();
  /** The page's other workers, which read files of a scan beside this one (AppService.addPeer). */
  readonly peers = new Peers();
  /** The running scan's storage-full question, which the page answers. */
  #storageFull: StorageFullPrompt | null = null;
  /** Rows of files helpers were reading when a scan was cancelled, still to be written. */
  readonly #lateRows = new PendingRows();

  constructor(private readonly ctx: ServiceContext) {}

  async scanFiles(
    sessionId: string,
    files: File[],
    onProgress: (progress: ScanProgress) => void,
  ): Promise<ScanOutcome> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    return this.ctx.queued(() =>
      scanLock(sessionId, () =>
        this.#scanNow(sessionId, named(files), onProgress, controller),
      ).catch(async (error: unknown) => {
        this.#controllers.delete(controller);
        throw await explainQuota(error);
      }),
    );
  }

  /**
   * Reads again the files a cut-short scan did not finish, each into its own row: their partial
   * events are removed first (nothing is counted twice), finished files are not read again,
   * and everything is correlated together at the end.
   */
  async resumeScan(
    sessionId: string,
    files: File[],
    onProgress: (progress: ScanProgress) => void,
  ): Promise<ScanOutcome> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    return this.ctx
      .queued(() =>
        scanLock(sessionId, async () => {
          const repos = await this.ctx.repos();
          const plan = resumePlan(await repos.files.list(sessionId), named(files));
          if (!plan.take.length)
            throw new Error(
              `Nothing to resume: ${plan.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}.`,
            );
          for (const { row } of plan.take) {
            await repos.events.deleteFile(sessionId, row.index);
            await repos.files.put({ ...row, status: 'queued', error: null, records: 0, mapped: 0 });
          }
          const outcome = await this.#scanNow(
            sessionId,
            plan.take.map((t) => t.file),
            onProgress,
            controller,
            plan.take.map((t) => ({ index: t.row.index, id: t.row.id })),
          );
          return { ...outcome, notResumed: plan.skipped };
        }),
      )
      .catch((error: unknown) => {
        this.#controllers.delete(controller);
        throw error;
      });
  }

  async #scanNow(
    sessionId: string,
    files: ScanFile[],
    onProgress: (progress: ScanProgress) => void,
    controller: AbortController,
    slots?: { index: number; id: string }[],
  ): Promise<ScanOutcome> {
    const { ctx } = this;
    try {
      // The rows of a cancel just before are written first: this scan reads them.
      await this.#lateRows.written(sessionId);
      const repos = await ctx.repos();
      const session = await repos.sessions.update(sessionId, (s) => ({
        ...s,
        lastUsedAt: ctx.now(),
      }));
      const ruleSet = await ctx.rules();
      const rules = runnableRules(ruleSet, ruleLanguage);
      const prior = await this.#prior(repos, session);
      const knownFiles = (await repos.files.list(sessionId))
        .filter((f) => (f.status ?? 'done') === 'done')
        .map((f) => ({ name: f.name, sha256: f.sha256 ?? null, size: f.size }));
      const scanId = newId();
      const bytes = files.reduce((n, f) => n + f.size, 0);
      const helpers = await startHelpers(
        this.peers,
        helperCount(await readUnits(files), bytes),
        ruleSet.filter((r) => rules.some((x) => x.id === r.id)),
        controller.signal,
      );
      const stopHelpers = () => helpers?.cancel();
      controller.signal.addEventListener('abort', stopHelpers);
      const prompt = new StorageFullPrompt(
        // A comlink proxy returns a promise; a closed page rejects it, which is fine.
        (p) => void Promise.resolve(onProgress(p)).catch(() => undefined),
        controller.signal,
        () => controller.abort(),
      );
      this.#storageFull = prompt;
      const sink = new IdbSink(repos, sessionId, ctx.now);
      const result = await runScan({
        sessionId,
        scanId,
        files,
        rules,
        // No language: an alert's steps are explained when it is opened (explain-later.ts).
        ingest: ctx.ingest,
        sink,
        signal: controller.signal,
        onProgress: prompt.progress,
        onStorageFull: () => prompt.ask(),
        newId,
        onProvisional: (alerts) => {
          if (alerts) ctx.provisional.set(sessionId, alerts);
          else ctx.provisional.delete(sessionId);
        },
        ...(prior ? { prior } : {}),
        ...(helpers ? { readers: helpers.readers } : {}),
        knownFiles,
        ...idleHasher(this.peers, helpers),
        ...(slots ? { slots } : {}),
      }).finally(() => controller.signal.removeEventListener('abort', stopHelpers));
      const stopped = prompt.full?.choice === 'stop';
      const records = closingRecords(stopped, sink.makeRoom);
      // A stop when storage was full says so on the files it cut short.
      const scanned = stopped
        ? await records(() => markStopped(repos, sessionId, result.files))
        : result.files;
      const rows = await repos.files.list(sessionId);
      const events = result.events - sink.released;
      // Checkpoints wrote counts meanwhile: these are from the session as the scan found it.
      const updated = await records(() =>
        repos.sessions.update(sessionId, (s) => {
          const { uncorrelated, uncovered: _, ...rest } = s;
          return {
            ...rest,
            // A file whose bytes the case already held adds a row, not a file.
            files: rows.filter((f) => f.status !== 'duplicate').length,
            events: prior || session.files === 0 ? events : session.events + events,
            alerts: result.cancelled ? s.alerts : result.alerts.length,
            storage: result.storage === 'alerts-only' ? 'alerts-only' : s.storage,
            rules: result.cancelled ? s.rules : rules.map((r) => r.id),
            // A finished scan correlated every stored event, a cancelled one did not: its
            // checkpoints say which finished files the stored alerts do not cover yet.
            cancelled: result.cancelled,
            ...(result.cancelled ? cutShort(rows, uncorrelated) : {}),
            lastUsedAt: ctx.now(),
          };
        }),
      );
      if (result.late) this.#lateRows.set(sessionId, writeLateRows(repos, sink, result.late));
      return {
        scanId,
        session: sessionSummary(updated),
        cancelled: result.cancelled,
        files: scanned,
        events,
        alerts: result.alerts.length,
        elapsedMs: Math.round(result.elapsedMs),
        readers: (helpers?.readers.length ?? 0) + 1,
        ...(prompt.full ? { storageFull: stopFull(prompt.full, sink.released) } : {}),
        ...(result.late ? { lateRows: true as const } : {}),
      };
    } finally {
      this.#storageFull = null;
      ctx.provisional.delete(sessionId);
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
      events: () => this.ctx.events.batches(repos, session.id),
    };
  }

  async cancelScan(): Promise<void> {
    for (const controller of this.#controllers) controller.abort();
  }

  async answerStorageFull(choice: StorageChoice): Promise<void> {
    this.#storageFull?.answer(choice);
  }

  /**
   * Files a scan was reading when the page went away (reload, crash, closed tab) stay
   * `scanning` in the store and their session's counts were never written. When no scan runs
   * here, such a session is put right: those files say they were interrupted, the counts are
   * what is stored, and the session waits, as after a cancel, for the user to keep what was
   * read (the rules run over it, so finished files get their alerts back) or discard it.
   */
  async recoverInterrupted(sessionId: string): Promise<boolean> {
    if (this.#controllers.size > 0 || (await scanningElsewhere(sessionId))) return false;
    const repos = await this.ctx.repos();
    const files = await repos.files.list(sessionId);
    const stale = files.filter((f) => f.status === 'scanning' || f.status === 'queued');
    if (!stale.length) return false;
    for (const f of stale)
      await repos.files.put({
        ...f,
        status: 'cancelled',
        error:
          'Interrupted: the page was closed or reloaded while this file was read. Keep or discard what it gave, then drop it again to read it whole.',
      });
    const events = await repos.events.count(sessionId);
    // A checkpoint's alerts may have landed without the counts written after them.
    const alerts = (await repos.alerts.list(sessionId)).length;
    const rows = await repos.files.list(sessionId);
    await repos.sessions.update(sessionId, (s) => ({
      ...s,
      files: rows.filter((f) => f.status !== 'duplicate').length,
      events: s.storage === 'full' ? events : s.events,
      alerts,
      cancelled: true,
      ...cutShort(rows, s.uncorrelated),
    }));
    return true;
  }

  /** Finished files of a cut-short scan whose alerts are not stored (the rules must run). */
  async uncovered(sessionId: string): Promise<boolean> {
    const repos = await this.ctx.repos();
    return ((await repos.sessions.get(sessionId))?.uncovered?.length ?? 0) > 0;
  }

  /** The session once a cancel's late rows (files helpers were reading) are written, or null. */
  async lateRows(sessionId: string): Promise<SessionSummary | null> {
    if (!(await this.#lateRows.written(sessionId))) return null;
    const session = await (await this.ctx.repos()).sessions.get(sessionId);
    return session ? sessionSummary(session) : null;
  }

  /** Ends the cancelled state; discarding removes the files the cancel cut short. */
  async settleCancelled(sessionId: string, keep: boolean): Promise<SessionSummary> {
    // Discarding empties the rows the cancel cut short: the late ones are written by then.
    await this.#lateRows.written(sessionId);
    return this.ctx.queued(async () => {
      const repos = await this.ctx.repos();
      let counts: { files: number } | null = null;
      if (!keep) {
        // Rows stay (file indexes are positions the session's events refer to), emptied.
        const files = await repos.files.list(sessionId);
        for (const f of files.filter((x) => x.status === 'cancelled' || x.status === 'scanning')) {
          await repos.events.deleteFile(sessionId, f.index);
          // What it is (shape, encoding) stays; what it held (hosts, times, counts) goes.
          const { duplicates: _d, ...row } = f;
          await repos.files.put({
            ...row,
            status: 'cancelled',
            hosts: [],
            timeRange: null,
            records: 0,
            mapped: 0,
            skipped: 0,
            untimed: 0,
            eventCount: 0,
            error: 'Cancelled and discarded: nothing of it is kept. Drop it again to read it.',
          });
        }
        counts = {
          files: files.filter((x) => x.status === 'done' || x.status === 'error').length,
        };
      }
      // What is stored decides the count: writes a cancel left in flight have landed by now.
      const events = await repos.events.count(sessionId);
      const updated = await repos.sessions.update(sessionId, (s) => {
        const { uncorrelated: _u, uncovered: _c, ...rest } = s;
        return {
          ...rest,
          cancelled: false,
          ...(counts ?? {}),
          events: s.storage === 'full' ? events : s.events,
        };
      });
      return sessionSummary(updated);
    });
  }

  /** Serves a spread scan's reading here, and `counts` (services/near-miss.ts). */
  async servePeer(port: MessagePort, counts: PeerCounts): Promise<void> {
    const helper: HelperApi = {
      ...counts,
      hello: async () => true,
      cancelScan: () => this.cancelScan(),
      sha256: (file) => sha256Hex(file),
      useRules: async (key, rules) => this.#helperRules.use(key, rules),
      collectFile: ({ rulesKey, ...job }, ...rest) =>
        this.collectFile({ ...job, rules: this.#helperRules.get(rulesKey) }, ...rest),
      collectRange: ({ rulesKey, ...job }, ...rest) =>
        this.collectRange({ ...job, rules: this.#helperRules.get(rulesKey) }, ...rest),
    };
    expose(helper, port);
  }

  readonly #helperRules = new HelperRules();

  /** A helper's part of a spread scan (called by another worker, not by the UI). */
  collectFile(
    job: RemoteJob & { rules: Rule[] },
    onFeed: OnFeed,
    dedupe?: Dedupe,
  ): Promise<RemoteResult> {
    return this.#asHelper((c) => collectFile(job, onFeed, c, dedupe));
  }

  /** A helper's range of a large .evtx another worker scans (see split-read.ts). */
  collectRange(
    job: RangeJob & { file: ScanFile; rules: Rule[] },
    base: () => Promise<RangeBase>,
    onFeed: OnFeed,
    dedupe?: Dedupe,
    readEnded?: () => void,
    numbered?: (next: RangeBase) => void,
  ): Promise<RangeRead> {
    return this.#asHelper((c) => collectRange(job, base, onFeed, c, dedupe, readEnded, numbered));
  }

  /** Runs a helper's read with a cancel of its own, which cancelScan reaches. */
  async #asHelper<T>(read: (ctx: CollectContext) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    try {
      const repos = await this.ctx.repos();
      return await read({
        ingest: this.ctx.ingest,
        putChunk: (chunk) => repos.events.put(chunk),
        language: ruleLanguage,
        signal: controller.signal,
      });
    } finally {
      this.#controllers.delete(controller);
    }
  }

  async listFiles(sessionId: string): Promise<FileSummary[]> {
    return (await (await this.ctx.repos()).files.list(sessionId)).map(fileSummary);
  }
}
