// Re-attaching the original files of a session whose events were not stored: the worker
// matches them to the session's files, and hunting and re-running work again.
import type { ReattachReport } from '../../worker/app-api';
import { namedByPaths, type PickedFile } from '../lib/file-entries';
import type { SessionAccess } from './session-access';

export class ReattachState {
  private readonly app: SessionAccess;
  /** Told once files were re-attached: the session's counts and fields change. */
  private readonly reattached: () => Promise<unknown>;

  running = $state(false);
  report = $state.raw<ReattachReport | null>(null);
  /** The session the report is about (a report never shows on another session). */
  sessionId = $state<string | null>(null);

  constructor(app: SessionAccess, reattached: () => Promise<unknown>) {
    this.app = app;
    this.reattached = reattached;
  }

  reset(): void {
    this.report = null;
    this.sessionId = null;
  }

  async run(picked: PickedFile[]): Promise<void> {
    const id = this.app.sessionId();
    if (!id || this.running || picked.length === 0) return;
    this.running = true;
    const report = await this.app.notices.attempt('Re-attaching the files', async () =>
      this.app.api.reattachFiles(id, await namedByPaths(picked)),
    );
    this.running = false;
    if (!report || this.app.sessionId() !== id) return;
    this.report = report;
    this.sessionId = id;
    await this.reattached();
  }
}
