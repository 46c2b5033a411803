// The EQL console: a query over the session's stored events, its result shown with the same
// table and evidence views as alerts, plus history and the data's field names for completion.
import type { AlertDetail, HuntResult } from '../../worker/app-api';
import type { SessionAccess } from './session-access';

export class HuntState {
  private readonly app: SessionAccess;

  query = $state('any where true | head 50');
  size = $state(1000);
  running = $state(false);
  result = $state.raw<HuntResult | null>(null);
  history = $state.raw<string[]>([]);
  fields = $state.raw<string[]>([]);
  openId = $state<string | null>(null);

  constructor(app: SessionAccess) {
    this.app = app;
  }

  opened = $derived<AlertDetail | null>(
    this.result?.rows.find((r) => r.id === this.openId) ?? null,
  );

  reset(): void {
    this.result = null;
    this.openId = null;
  }

  async loadFields(): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    const fields = await this.app.api.fieldNames(id).catch(() => null);
    if (fields && this.app.sessionId() === id) this.fields = fields;
  }

  async loadHistory(): Promise<void> {
    const h = await this.app.api.huntHistory().catch(() => null);
    if (h) this.history = h;
  }

  async run(): Promise<void> {
    const id = this.app.sessionId();
    const query = this.query.trim();
    if (!id || !query || this.running) return;
    this.running = true;
    this.openId = null;
    const result = await this.app.notices.attempt('Running the hunt', () =>
      this.app.api.hunt(id, query, { size: this.size }),
    );
    this.running = false;
    if (result) this.result = result;
    await this.loadHistory();
  }
}
