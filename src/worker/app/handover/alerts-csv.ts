// One alert per row, flattened: what a spreadsheet or a ticket needs, evidence summarised.
import type { AlertDetail } from '../../app-api.ts';
import { csvTable } from './csv.ts';
import { iso } from './iso.ts';

export const ALERT_CSV_HEADER = [
  'id',
  'timestamp',
  'end_timestamp',
  'rule_id',
  'rule_name',
  'severity',
  'risk_score',
  'kind',
  'host',
  'user',
  'process',
  'status',
  'closing_reason',
  'notes',
  'hidden_by_exception',
  'join_keys',
  'steps',
  'evidence',
] as const;

export function alertsToCsv(alerts: readonly AlertDetail[]): string {
  const rows = alerts.map((a) => [
    a.id,
    iso(a.timestamp),
    iso(a.endTimestamp),
    a.ruleId,
    a.ruleName,
    a.severity,
    a.riskScore,
    a.kind,
    a.host,
    a.user,
    a.process,
    a.triage.status,
    a.triage.reason ?? '',
    a.triage.notes,
    a.hiddenBy ?? '',
    JSON.stringify(a.joinKeys),
    a.steps.length,
    a.steps
      .map((s) =>
        s.missing
          ? `#${s.stage + 1} (missing event)`
          : `#${s.stage + 1} ${iso(s.timestamp)} ${s.file ?? '?'}:${s.line ?? '?'}`,
      )
      .join(' | '),
  ]);
  return csvTable(ALERT_CSV_HEADER, rows);
}
