// The timeline's state: the span shown, the worker's density for it, the selected window
// (a brushed range, a clicked bin or an alert's surroundings) and a page of that window's events.
// Density requests coalesce: while one is in flight only the newest wanted view waits behind it.
import {
  TIMELINE_CATEGORIES,
  type Density,
  type TimelineCategory,
  type TimelineEventRecord,
  type TimelineEventsPage,
  type TimelineExtent,
} from '../../worker/app-api';
import type { SessionAccess } from './session-access';

export interface TimeWindow {
  from: number;
  to: number;
  /** One host, or all hosts when absent. */
  host?: string;
  /** Set when the window is an alert's surroundings. */
  alertId?: string;
}

const PAGE = 100;
/** What an alert's surroundings span on either side of it. */
export const AROUND_ALERT_MS = 5 * 60_000;
const MIN_SPAN_MS = 1000;

export class TimelineState {
  private readonly app: SessionAccess;
  #loadedFor = '';
  #densityBusy = false;
  #densityWanted: { from: number; to: number; bins: number } | null = null;
  #eventsSeq = 0;

  extent = $state.raw<TimelineExtent | null>(null);
  loading = $state(false);
  view = $state.raw<{ from: number; to: number } | null>(null);
  density = $state.raw<Density | null>(null);
  hidden = $state.raw<readonly TimelineCategory[]>([]);
  selection = $state.raw<TimeWindow | null>(null);
  text = $state('');
  page = $state.raw<TimelineEventsPage | null>(null);
  eventsLoading = $state(false);
  record = $state.raw<TimelineEventRecord | null>(null);

  constructor(app: SessionAccess) {
    this.app = app;
  }

  reset(): void {
    this.#loadedFor = '';
    this.extent = null;
    this.view = null;
    this.density = null;
    this.selection = null;
    this.page = null;
    this.record = null;
  }

  /** Loads the session's extent once per session and event count (a scan adds events). */
  async load(key: string): Promise<void> {
    const id = this.app.sessionId();
    if (!id || this.#loadedFor === key) return;
    this.#loadedFor = key;
    this.loading = true;
    try {
      const extent = await this.app.api.timelineExtent(id);
      if (this.app.sessionId() !== id) return;
      this.extent = extent;
      this.view = this.fullView();
      this.density = null;
    } catch (error) {
      this.#loadedFor = '';
      this.app.notices.push('error', `The timeline failed: ${String(error)}`);
    } finally {
      this.loading = false;
    }
  }

  fullView(): { from: number; to: number } | null {
    const e = this.extent;
    if (!e || e.min === null || e.max === null) return null;
    const pad = Math.max(MIN_SPAN_MS, (e.max - e.min) * 0.02);
    return { from: e.min - pad, to: e.max + pad };
  }

  setView(from: number, to: number): void {
    if (to - from < MIN_SPAN_MS) {
      const mid = (from + to) / 2;
      from = mid - MIN_SPAN_MS / 2;
      to = mid + MIN_SPAN_MS / 2;
    }
    this.view = { from, to };
  }

  zoom(factor: number, at?: number): void {
    if (!this.view) return;
    const { from, to } = this.view;
    const center = at ?? (from + to) / 2;
    this.setView(center - (center - from) * factor, center + (to - center) * factor);
  }

  pan(ms: number): void {
    if (this.view) this.setView(this.view.from + ms, this.view.to + ms);
  }

  /** Asks the worker for the density of the current view at `bins` columns. */
  wantDensity(bins: number): void {
    const id = this.app.sessionId();
    if (!id || !this.view) return;
    this.#densityWanted = { ...this.view, bins };
    if (this.#densityBusy) return;
    void this.#fetchDensity(id);
  }

  async #fetchDensity(id: string): Promise<void> {
    this.#densityBusy = true;
    try {
      while (this.#densityWanted) {
        const want = this.#densityWanted;
        this.#densityWanted = null;
        const density = await this.app.api.timelineDensity(id, want);
        if (this.app.sessionId() === id) this.density = density;
      }
    } catch (error) {
      this.app.notices.push('error', `The timeline's density failed: ${String(error)}`);
    } finally {
      this.#densityBusy = false;
    }
  }

  toggleCategory(category: TimelineCategory): void {
    this.hidden = this.hidden.includes(category)
      ? this.hidden.filter((c) => c !== category)
      : [...this.hidden, category];
    if (this.selection) void this.loadEvents();
  }

  select(window: TimeWindow | null): void {
    this.selection = window;
    this.record = null;
    this.page = null;
    if (window) void this.loadEvents();
  }

  /** Selects an alert's surroundings on its host and brings them into view. */
  selectAlert(alert: { id: string; host: string; timestamp: number; endTimestamp: number }): void {
    const from = alert.timestamp - AROUND_ALERT_MS;
    const to = Math.max(alert.endTimestamp, alert.timestamp) + AROUND_ALERT_MS;
    this.select({ from, to, host: alert.host, alertId: alert.id });
    if (this.view && (from < this.view.from || to > this.view.to)) {
      const span = Math.max(this.view.to - this.view.from, (to - from) * 1.5);
      const mid = (from + to) / 2;
      this.setView(mid - span / 2, mid + span / 2);
    }
  }

  async loadEvents(more = false): Promise<void> {
    const id = this.app.sessionId();
    const sel = this.selection;
    if (!id || !sel) return;
    const seq = ++this.#eventsSeq;
    const visible = TIMELINE_CATEGORIES.filter((c) => !this.hidden.includes(c));
    this.eventsLoading = true;
    try {
      const page = await this.app.api.timelineEvents(id, {
        from: sel.from,
        to: sel.to,
        host: sel.host,
        categories: visible.length === TIMELINE_CATEGORIES.length ? undefined : visible,
        text: this.text || undefined,
        offset: more && this.page ? this.page.rows.length : 0,
        limit: PAGE,
      });
      if (seq !== this.#eventsSeq) return;
      this.page = more && this.page ? { ...page, rows: [...this.page.rows, ...page.rows] } : page;
    } catch (error) {
      this.app.notices.push('error', `Reading the window's events failed: ${String(error)}`);
    } finally {
      if (seq === this.#eventsSeq) this.eventsLoading = false;
    }
  }

  async openRecord(ref: TimelineEventRecord['ref']): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    const record = await this.app.notices.attempt('Opening the event', () =>
      this.app.api.timelineEvent(id, ref),
    );
    if (record) this.record = record;
  }
}
