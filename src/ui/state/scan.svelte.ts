// A running scan: the worker reports progress through a comlink proxy callback; alerts and
// per-file diagnostics are re-read on a throttle while it runs, so results appear early
// without flooding the main thread with structured clones.
import { proxy } from 'comlink';
import type { FileSummary, ScanOutcome, ScanProgress } from '../../worker/app-api';
import { namedByPath, type PickedFile } from '../lib/file-entries';
import { formatTime } from '../lib/format';
import type { AppState } from './app.svelte';

const POLL_MS = 1000;

export class ScanState {
  private readonly app: AppState;

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

  constructor(app: AppState) {
    this.app = app;
  }

  reset(): void {
    if (this.running) return;
    this.progress = null;
    this.outcome = null;
    this.files = [];
    this.picked = [];
  }

  async loadFiles(): Promise<void> {
    const id = this.app.sessionId;
    if (!id) return;
    const files = await this.app.api.listFiles(id).catch(() => null);
    if (files && this.app.sessionId === id) this.files = files;
  }

  async start(picked: PickedFile[]): Promise<void> {
    if (this.running || picked.length === 0) return;
    let session = this.app.sessions.current;
    // Never mix a responder's evidence into the synthetic demo.
    if (!session || session.demo) {
      const name = `Scan ${formatTime(Date.now()).slice(0, 16)} UTC`;
      session = (await this.app.createSession(name)) ?? null;
      if (!session) return;
    }
    const sessionId = session.id;
    this.running = true;
    this.cancelling = false;
    this.outcome = null;
    this.progress = null;
    this.picked = picked;
    this.#lastAlerts = this.app.alerts.rows.length;
    const onProgress = proxy((p: ScanProgress) => this.onProgress(sessionId, p));
    try {
      const outcome = await this.app.api.scanFiles(sessionId, picked.map(namedByPath), onProgress);
      this.outcome = outcome;
      this.files = outcome.files;
      this.app.sessions.current = outcome.session;
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
    await Promise.all([
      this.app.alerts.reload(),
      this.loadFiles(),
      this.app.rules.loadReports(),
      this.app.hunt.loadFields(),
      this.app.refreshSession(),
    ]);
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
      grew && this.app.sessionId === sessionId ? this.app.alerts.reload() : null,
      this.loadFiles(),
    ]).finally(() => (this.#polling = false));
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    this.cancelling = true;
    await this.app.notices.attempt('Cancelling the scan', () => this.app.api.cancelScan());
  }
}
