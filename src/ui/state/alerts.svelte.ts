// The session's alerts as one array replaced whole (worker results are never patched in place),
// and the table's query over it: filters, sort, grouping, selection and the open detail.
import { SvelteSet } from 'svelte/reactivity';
import type { AlertDetail, AlertRow, Severity, Triage } from '../../worker/app-api';
import {
  filterAlerts,
  groupAlerts,
  sortAlerts,
  type AlertQuery,
  type GroupKey,
  type SortKey,
} from '../lib/alert-query';
import { parseTimeInput } from '../lib/format';
import { display } from './display.svelte';
import type { SessionAccess } from './session-access';

export class AlertsState {
  private readonly app: SessionAccess;

  rows = $state.raw<AlertRow[]>([]);
  loading = $state(false);

  severities = $state<Severity[]>([]);
  rule = $state('');
  host = $state('');
  from = $state('');
  to = $state('');
  text = $state('');
  showHidden = $state(false);
  sort = $state<SortKey>('timestamp');
  descending = $state(false);
  group = $state<GroupKey>('none');
  readonly collapsed = new SvelteSet<string>();
  readonly selected = new SvelteSet<string>();

  openId = $state<string | null>(null);
  detail = $state.raw<AlertDetail | null>(null);
  detailError = $state<string | null>(null);

  constructor(app: SessionAccess) {
    this.app = app;
  }

  query: AlertQuery = $derived({
    severities: this.severities,
    rule: this.rule,
    host: this.host,
    from: parseTimeInput(this.from, display.zone),
    to: parseTimeInput(this.to, display.zone),
    text: this.text,
    showHidden: this.showHidden,
    sort: this.sort,
    descending: this.descending,
    group: this.group,
    collapsed: this.collapsed,
  });
  filtered = $derived(filterAlerts(this.rows, this.query));
  sorted = $derived(sortAlerts(this.filtered, this.sort, this.descending));
  items = $derived(groupAlerts(this.sorted, this.query));
  hiddenCount = $derived(this.rows.reduce((n, r) => n + (r.hiddenBy ? 1 : 0), 0));

  reset(): void {
    this.rows = [];
    this.selected.clear();
    this.collapsed.clear();
    this.openId = null;
    this.detail = null;
  }

  async reload(): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    this.loading = true;
    const rows = await this.app.notices.attempt('Loading alerts', () =>
      this.app.api.listAlerts(id),
    );
    this.loading = false;
    if (!rows || this.app.sessionId() !== id) return;
    this.rows = rows;
    // An open provisional alert is read again: final now, changed, or gone.
    const open = this.detail;
    if (open?.provisional && !rows.some((r) => r.id === open.id && r.provisional)) {
      await this.open(open.id, true);
    }
  }

  clearFilters(): void {
    this.severities = [];
    this.rule = '';
    this.host = '';
    this.from = '';
    this.to = '';
    this.text = '';
  }

  sortBy(key: SortKey): void {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = key === 'severity' || key === 'riskScore';
    }
  }

  /** `wasProvisional`: the alert was open while provisional and the scan has moved on. */
  async open(alertId: string, wasProvisional = false): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    this.openId = alertId;
    this.detailError = null;
    try {
      const detail = await this.app.api.getAlert(id, alertId);
      if (this.openId === alertId) this.detail = detail;
    } catch (err) {
      if (this.openId === alertId) {
        this.detail = null;
        this.detailError = wasProvisional
          ? 'This alert was provisional, and the final correlation of the scan did not keep it ' +
            '(later events changed the match).'
          : err instanceof Error
            ? err.message
            : String(err);
      }
    }
  }

  close(): void {
    this.openId = null;
    this.detail = null;
  }

  async setTriage(alertId: string, change: Partial<Triage>): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    const triage = await this.app.notices.attempt('Saving the triage', () =>
      this.app.api.setTriage(id, alertId, change),
    );
    if (!triage) return;
    if (this.detail?.id === alertId) {
      this.detail = { ...this.detail, triage, status: triage.status };
    }
    this.rows = this.rows.map((r) => (r.id === alertId ? { ...r, status: triage.status } : r));
  }

  /** Rows for an export scope. */
  idsFor(scope: 'all' | 'filtered' | 'selected'): string[] | undefined {
    if (scope === 'all') return undefined;
    if (scope === 'filtered') return this.sorted.map((r) => r.id);
    return [...this.selected];
  }
}
