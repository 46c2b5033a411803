// A running scan: the worker reports progress through a comlink proxy callback; alerts and
// per-file diagnostics are re-read on a throttle while it runs, so results appear early
// without flooding the main thread with structured clones.
import { proxy } from 'comlink';
import type { FileSummary, ScanOutcome, ScanProgress, SessionSummary } from '../../worker/app-api';
import { namedByPaths, pickedBytes, type PickedFile } from '../lib/file-entries';
import { caseName } from '../lib/case-name';
import { keepUnchanged } from '../lib/file-rows';
import type { SessionAccess } from './session-access';
import type { SessionsState } from './sessions.svelte';

/** What a scan needs beyond the API: the sessions (it may make one, and updates the open
 *  one), the alerts shown so far, and whom to tell while and after it runs. */
export interface ScanEffects {
  readonly sessions: SessionsState;
  createSession(name: string): Promise<SessionSummary | undefined>;
  alertCount(): number;
  alertsChanged(): Promise<void>;
  /** Before a scan of `bytes` dropped (persistent storage is asked for before a big one). */
  beforeScan?(bytes: number): Promise<unknown>;
  /** After the scan: everything that depends on the session's data reloads. */
  scanned(): Promise<unknown>;
  /** The worker died during the scan: the session is opened again in the fresh one, which
   *  settles what the scan left (finished files kept, the rest offered for resuming). */
  recover(sessionId: string): Promise<unknown>;
}

type ScanCall = (
  sessionId: string,
  files: File[],
  onProgress: (p: ScanProgress) => void,
) => Promise<ScanOutcome>;

const POLL_MS = 1000;

export class ScanState {
  private readonly app: SessionAccess;
  private readonly effects: ScanEffects;

  running = $state(false);
  cancelling = $state(false);
  /** After a cancel, until the rows of files other workers were reading have come. */
  lateRowsPending = $state(false);
  progress = $state.raw<ScanProgress | null>(null);
  outcome = $state.raw<ScanOutcome | null>(null);
  files = $state.raw<FileSummary[]>([]);
  /** Paths as picked (folder structure), by file name, for the list before the worker knows them. */
  picked = $state.raw<PickedFile[]>([]);

  #lastPoll = 0;
  #lastAlerts = 0;
  #polling = false;
  private latePoll: ReturnType<typeof setTimeout> | null = null;

  constructor(app: SessionAccess, effects: ScanEffects) {
    this.app = app;
    this.effects = effects;
  }

  reset(): void {
    if (this.running) return;
    this.progress = null;
    this.outcome = null;
    this.files = [];
    this.picked = [];
  }

  async loadFiles(): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    const files = await this.app.api.listFiles(id).catch(() => null);
    if (files && this.app.sessionId() === id) this.files = keepUnchanged(this.files, files);
  }

  /** The files being read right now (what a dead worker was reading). */
  reading(): string[] {
    return (this.progress?.files ?? []).filter((f) => f.status === 'scanning').map((f) => f.name);
  }

  async start(picked: PickedFile[]): Promise<void> {
    if (this.running || picked.length === 0) return;
    await this.effects.beforeScan?.(await pickedBytes(picked));
    let session = this.effects.sessions.current;
    // Never mix a responder's evidence into the synthetic demo.
    if (!session || session.demo) {
      const name = caseName(
        picked.map((p) => p.path || p.file.name),
        Date.now(),
      );
      session = (await this.effects.createSession(name)) ?? null;
      if (!session) return;
    }
    await this.#run(session.id, picked, (id, files, cb) => this.app.api.scanFiles(id, files, cb));
  }

  /** Reads again the files of the open session that a cut-short scan did not finish. */
  async resume(picked: PickedFile[]): Promise<void> {
    const id = this.app.sessionId();
    if (this.running || picked.length === 0 || !id) return;
    await this.#run(id, picked, (sid, files, cb) => this.app.api.resumeScan(sid, files, cb));
  }

  async #run(sessionId: string, picked: PickedFile[], call: ScanCall): Promise<void> {
    this.running = true;
    this.cancelling = false;
    this.outcome = null;
    this.progress = null;
    this.picked = picked;
    this.#lastAlerts = this.effects.alertCount();
    const onProgress = proxy((p: ScanProgress) => this.onProgress(sessionId, p));
    let lost = false;
    try {
      const outcome = await call(sessionId, await namedByPaths(picked), onProgress);
      this.outcome = outcome;
      // The last progress report may be older than what the scan stored.
      this.#showEvents(outcome.events);
      this.lateRowsPending = outcome.lateRows === true;
      this.files = outcome.files;
      this.effects.sessions.current = outcome.session;
      if (outcome.cancelled) this.app.notices.push('info', 'Scan cancelled.');
      if (outcome.notResumed?.length)
        this.app.notices.push(
          'info',
          `Not resumed: ${outcome.notResumed.map((n) => `${n.name} (${n.reason})`).join('; ')}.`,
          10_000,
        );
    } catch (err) {
      // A dead worker was announced already (AppState.workerLost), with the file it read.
      lost = err instanceof Error && err.name === 'WorkerStoppedError';
      if (!lost)
        this.app.notices.push(
          'error',
          `The scan failed: ${err instanceof Error ? err.message : String(err)}`,
        );
    } finally {
      this.running = false;
      this.cancelling = false;
    }
    if (lost) await this.effects.recover(sessionId);
    else await Promise.all([this.effects.scanned(), this.loadFiles()]);
    if (this.outcome?.lateRows) void this.#lateRows(sessionId);
  }

  #showEvents(events: number): void {
    const p: ScanProgress | null = this.progress;
    if (p) this.progress = { ...p, events };
  }

  /** A cancel answers before helpers say what they read: their rows come a moment later. */
  async #lateRows(sessionId: string): Promise<void> {
    try {
      const session = await this.app.api.lateRows(sessionId).catch(() => null);
      if (!session || this.app.sessionId() !== sessionId || this.running) return;
      // The scan's line counts what the helpers' rows added to the case as well.
      const before = this.outcome?.session.events;
      const shown = this.progress?.events;
      if (before !== undefined && shown !== undefined)
        this.#showEvents(shown + session.events - before);
      this.effects.sessions.current = session;
      await this.loadFiles();
    } finally {
      this.lateRowsPending = false;
    }
  }

  private onProgress(sessionId: string, p: ScanProgress): void {
    this.progress = p;
    const now = performance.now();
    if (this.#polling || now - this.#lastPoll < POLL_MS) {
      // The news held back must still arrive when no more progress comes for a while (a big
      // file being hashed, a quiet stretch): one late poll follows.
      this.latePoll ??= setTimeout(() => {
        this.latePoll = null;
        if (this.running && this.progress) this.onProgress(sessionId, this.progress);
      }, POLL_MS);
      return;
    }
    this.#lastPoll = now;
    this.#polling = true;
    const grew = p.alerts !== this.#lastAlerts;
    this.#lastAlerts = p.alerts;
    void Promise.all([
      grew && this.app.sessionId() === sessionId ? this.effects.alertsChanged() : null,
      this.loadFiles(),
    ]).finally(() => (this.#polling = false));
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    this.cancelling = true;
    await this.app.notices.attempt('Cancelling the scan', () => this.app.api.cancelScan());
  }
}
