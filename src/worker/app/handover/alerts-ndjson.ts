// One alert per line with everything a colleague or a SIEM needs to judge it on its own:
// the rule, host, time span, triage, and every evidence event (normalized and original).
import type { AlertDetail } from '../../app-api.ts';
import { iso } from './iso.ts';

export function alertToJson(a: AlertDetail) {
  return {
    id: a.id,
    kind: a.kind,
    rule: {
      id: a.ruleId,
      name: a.ruleName,
      severity: a.severity,
      risk_score: a.riskScore,
      query: a.query,
    },
    host: a.host,
    user: a.user,
    process: a.process,
    timestamp: iso(a.timestamp),
    end_timestamp: iso(a.endTimestamp),
    join_keys: a.joinKeys,
    triage: {
      status: a.triage.status,
      reason: a.triage.reason,
      notes: a.triage.notes,
      hidden_by_exception: a.hiddenBy,
    },
    evidence: a.steps.map((s) => ({
      stage: s.stage,
      stage_text: s.stageText,
      missing: s.missing,
      timestamp: iso(s.timestamp),
      gap_ms: s.gapMs,
      file: s.file,
      line: s.line,
      event: s.doc,
      original: s.raw,
    })),
  };
}

export function alertsToNdjson(alerts: readonly AlertDetail[]): string {
  return alerts.map((a) => JSON.stringify(alertToJson(a)) + '\n').join('');
}
