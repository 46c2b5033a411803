// The lines `sequent check` prints, kept portable so the app can show the same wording.
import type { ImportEntry, ImportReport } from './import/report.ts';

export interface CheckSummary {
  total: number;
  ok: number;
  unsupported: number;
  failed: number;
}

export function summarize(report: ImportReport): CheckSummary {
  return {
    total: report.entries.length,
    ok: report.rules.length,
    unsupported: report.unsupported.length,
    failed: report.errors.length,
  };
}

export function formatSummary(s: CheckSummary): string {
  return `${s.total} ${s.total === 1 ? 'rule' : 'rules'}: ${s.ok} ok, ${s.unsupported} unsupported, ${s.failed} failed`;
}

/** One line per rule; a query error adds its source line and caret, indented. */
export function formatEntry(entry: ImportEntry): string {
  switch (entry.status) {
    case 'ok':
      return `ok  ${entry.file}  ${entry.rule.name}`;
    case 'unsupported':
      return `unsupported: ${entry.type}  ${entry.file}  ${entry.name}${entry.reason ? `: ${entry.reason}` : ''}`;
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
