// A running scan: the worker reports progress through a comlink proxy callback; alerts and
// per-file diagnostics are re-read on a throttle while it runs, so results appear early
// without flooding the main thread with structured clones.
import { proxy } from 'comlink';
import type { FileSummary, ScanOutcome, ScanProgress, SessionSummary } from '../../worker/app-api';
import { namedByPath, type PickedFile } from '../lib/file-entries';
import { caseName } from '../lib/case-name';
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
}

const POLL_MS = 1000;

export class ScanState {
  private readonly app: SessionAccess;
  private readonly effects: ScanEffects;

  running = $state(false);
  cancelling = $state(false);
  progress = $state.raw<ScanProgress | null>(null);
  outcome = $state.raw<ScanOutcome | null>(null);
  files = $state.raw<FileSummary[]>([]);
  /** Paths as picked (folder structure), by file name, for the list before the worker knows them. */
  picked = $state.raw<PickedFile[]>([]);

  #lastPoll = 0;
  #lastAlerts = 0;
  #polling = false;

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
    if (files && this.app.sessionId() === id) this.files = files;
  }

  async start(picked: PickedFile[]): Promise<void> {
    if (this.running || picked.length === 0) return;
    await this.effects.beforeScan?.(picked.reduce((n, p) => n + p.file.size, 0));
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
    const sessionId = session.id;
    this.running = true;
    this.cancelling = false;
    this.outcome = null;
    this.progress = null;
    this.picked = picked;
    this.#lastAlerts = this.effects.alertCount();
    const onProgress = proxy((p: ScanProgress) => this.onProgress(sessionId, p));
    try {
      const outcome = await this.app.api.scanFiles(sessionId, picked.map(namedByPath), onProgress);
      this.outcome = outcome;
      this.files = outcome.files;
      this.effects.sessions.current = outcome.session;
      if (outcome.cancelled) this.app.notices.push('info', 'Scan cancelled.');
    } catch (err) {
      this.app.notices.push(
        'error',
        `The scan failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      this.running = false;
      this.cancelling = false;
    }
    await Promise.all([this.effects.scanned(), this.loadFiles()]);
  }

  private onProgress(sessionId: string, p: ScanProgress): void {
    this.progress = p;
    const now = performance.now();
    if (this.#polling || now - this.#lastPoll < POLL_MS) return;
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
