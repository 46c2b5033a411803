// Filtering, sorting and grouping of alert rows happen on the main thread over plain arrays,
// so they must stay linear-ish: 100,000 rows sort in a few tens of milliseconds when the sort
// key is read once per row rather than once per comparison.
import type { AlertRow, Severity, TriageStatus } from '../../worker/app-api';

export type SortKey =
  'timestamp' | 'ruleName' | 'severity' | 'riskScore' | 'host' | 'user' | 'process' | 'status';
export type GroupKey = 'none' | 'ruleName' | 'host' | 'severity';

export interface AlertQuery {
  severities: Severity[];
  /** Triage statuses to keep; empty or absent keeps every status. */
  statuses?: TriageStatus[];
  rule: string;
  host: string;
  from: number | null;
  to: number | null;
  text: string;
  showHidden: boolean;
  sort: SortKey;
  descending: boolean;
  group: GroupKey;
  collapsed: ReadonlySet<string>;
}

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
export const STATUSES: TriageStatus[] = ['open', 'acknowledged', 'closed'];

export type DisplayItem =
  | { kind: 'group'; key: string; label: string; count: number; collapsed: boolean }
  | { kind: 'row'; row: AlertRow };

function sortValue(row: AlertRow, key: SortKey): string | number {
  if (key === 'severity') return SEVERITY_RANK[row.severity] ?? 0;
  if (key === 'timestamp' || key === 'riskScore') return row[key];
  return (row[key] ?? '').toLowerCase();
}

/** The words of the free-text search, each of which must occur in one of the alert's fields. */
function matchesText(row: AlertRow, words: string[]): boolean {
  if (words.length === 0) return true;
  const hay =
    `${row.ruleName}\n${row.host}\n${row.user}\n${row.process}\n${row.severity}\n${row.status}\n${row.id}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function filterAlerts(rows: readonly AlertRow[], q: AlertQuery): AlertRow[] {
  const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  const sev = q.severities.length ? new Set(q.severities) : null;
  const status = q.statuses?.length ? new Set(q.statuses) : null;
  return rows.filter(
    (r) =>
      (q.showHidden || !r.hiddenBy) &&
      (!sev || sev.has(r.severity)) &&
      (!status || status.has(r.status)) &&
      (!q.rule || r.ruleName === q.rule) &&
      (!q.host || r.host === q.host) &&
      (q.from == null || r.endTimestamp >= q.from) &&
      (q.to == null || r.timestamp <= q.to) &&
      matchesText(r, words),
  );
}

export function sortAlerts(
  rows: readonly AlertRow[],
  key: SortKey,
  descending: boolean,
): AlertRow[] {
  const keyed = rows.map((row, i) => ({ row, i, v: sortValue(row, key) }));
  const dir = descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.v < b.v) return -dir;
    if (a.v > b.v) return dir;
    // Ties fall back to time then to the original order, so the table never jumps around.
    return a.row.timestamp - b.row.timestamp || a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

/** Group headers interleaved with rows, ready for one virtualized list. */
export function groupAlerts(sorted: readonly AlertRow[], q: AlertQuery): DisplayItem[] {
  if (q.group === 'none') return sorted.map((row) => ({ kind: 'row', row }));
  const groups = new Map<string, AlertRow[]>();
  for (const row of sorted) {
    const key = String(row[q.group] ?? '');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  const keys = [...groups.keys()];
  if (q.group === 'severity') {
    keys.sort((a, b) => SEVERITY_RANK[b as Severity] - SEVERITY_RANK[a as Severity]);
  } else {
    keys.sort((a, b) => groups.get(b)!.length - groups.get(a)!.length || a.localeCompare(b));
  }
  const out: DisplayItem[] = [];
  for (const key of keys) {
    const list = groups.get(key)!;
    const collapsed = q.collapsed.has(key);
    out.push({ kind: 'group', key, label: key || '(none)', count: list.length, collapsed });
    if (!collapsed) for (const row of list) out.push({ kind: 'row', row });
  }
  return out;
}

export function distinct(rows: readonly AlertRow[], key: 'ruleName' | 'host'): string[] {
  return [...new Set(rows.map((r) => r[key]))].sort((a, b) => a.localeCompare(b));
}

export function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}
