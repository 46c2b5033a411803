// The bundled demo session: synthetic telemetry from src/demo, scanned like a dropped file.
import type { SessionSummary } from '../../../case/index.ts';
import { demoDataset } from '../../../demo/index.ts';
import type { ServiceContext } from './context.ts';
import type { ScanService } from './scan.ts';
import type { SessionService } from './sessions.ts';

export class DemoService {
  #demo: Promise<SessionSummary> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly sessions: SessionService,
    private readonly scan: ScanService,
  ) {}

  loadDemo(): Promise<SessionSummary> {
    // Two calls at once (a page starting while a test asks) must not build two demos.
    this.#demo ??= this.#loadDemo().finally(() => {
      this.#demo = null;
    });
    return this.#demo;
  }

  async #loadDemo(): Promise<SessionSummary> {
    const repos = await this.ctx.repos();
    const existing = (await repos.sessions.list()).find((s) => s.demo && s.files > 0);
    if (existing) return this.sessions.openSession(existing.id);
    const data = demoDataset();
    const text = data.docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
    const file = new File([text], data.name, { type: 'application/x-ndjson' });
    const session = await this.sessions.createSession('Demo (synthetic data)', true);
    const outcome = await this.scan.scanFiles(session.id, [file], () => undefined);
    return outcome.session;
  }
}
