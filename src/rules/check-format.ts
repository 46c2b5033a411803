// The lines `sequent check` prints, kept portable so the app can show the same wording.
import type { ImportEntry, ImportReport } from './import/report.ts';

export interface CheckCounts {
  total: number;
  ok: number;
  /** Rules that cannot run on a file (ES|QL, machine learning, indicator match…). */
  unsupported: number;
  failed: number;
}

export interface CheckSummary extends CheckCounts {
  /** The same counts per rule type (`eql`, `query`, `threshold`…); `unknown` when unread. */
  byType: Record<string, CheckCounts>;
}

function typeOf(e: ImportEntry): string {
  return e.rule ? String(e.rule.type) : 'unknown';
}

export function summarize(report: ImportReport): CheckSummary {
  const byType: Record<string, CheckCounts> = {};
  for (const e of report.entries) {
    const c = (byType[typeOf(e)] ??= { total: 0, ok: 0, unsupported: 0, failed: 0 });
    c.total++;
    if (e.status === 'ok') c.ok++;
    else if (e.status === 'unsupported') c.unsupported++;
    else c.failed++;
  }
  return {
    total: report.entries.length,
    ok: report.rules.length,
    unsupported: report.unsupported.length,
    failed: report.errors.length,
    byType,
  };
}

function countsLine(s: CheckCounts): string {
  return `${s.total} ${s.total === 1 ? 'rule' : 'rules'}: ${s.ok} ok, ${s.unsupported} cannot run here, ${s.failed} failed`;
}

/** One line per rule type (largest first), then the totals line. */
export function formatSummary(s: CheckSummary): string {
  const types = Object.entries(s.byType).sort((a, b) => b[1].total - a[1].total);
  const width = Math.max(0, ...types.map(([t]) => t.length));
  const lines =
    types.length > 1 ? types.map(([t, c]) => `${t.padEnd(width)}  ${countsLine(c)}`) : [];
  return [...lines, countsLine(s)].join('\n');
}

/** One line per rule; a query error adds its source line and caret, indented. */
export function formatEntry(entry: ImportEntry): string {
  switch (entry.status) {
    case 'ok':
      return `ok  ${entry.file}  ${entry.rule.name}`;
    case 'unsupported':
      return `cannot run here: ${entry.type}  ${entry.file}  ${entry.name}  (${entry.reason})`;
    case 'error': {
      const where = `${entry.file}:${entry.line}${entry.column !== undefined ? `:${entry.column}` : ''}`;
      const what =
        entry.queryLine !== undefined
          ? `${entry.queryLine}:${entry.queryColumn}: ${entry.message}`
          : entry.message;
      const head = `error  ${where}  ${entry.name !== undefined ? `${entry.name}: ` : ''}${what}`;
      if (!entry.excerpt) return head;
      return [head, ...entry.excerpt.split('\n').map((l) => `    ${l}`)].join('\n');
    }
  }
}
