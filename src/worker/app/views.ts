// Stored records into the shapes the UI reads.
import type { ServiceAlert, ServiceFile, ServiceSession } from '../../store/service-records.ts';
import type {
  AlertDetail,
  AlertRow,
  FileSummary,
  RuleException,
  SessionSummary,
  Triage,
} from '../app-api.ts';
import { hiddenBy } from './exceptions.ts';
import type { AlertBody } from './model.ts';

export function sessionSummary(s: ServiceSession): SessionSummary {
  return {
    id: s.id,
    name: s.name,
    createdAt: s.createdAt,
    lastUsedAt: s.lastUsedAt,
    files: s.files,
    events: s.events,
    alerts: s.alerts,
    demo: s.demo,
    storage: s.storage,
    ...(s.cancelled ? { cancelled: true } : {}),
    ...(s.uncovered?.length ? { uncovered: [...s.uncovered] } : {}),
  };
}

export function fileSummary(f: ServiceFile): FileSummary {
  return {
    id: f.id,
    sessionId: f.sessionId,
    name: f.name,
    size: f.size,
    sha256: f.sha256 ?? null,
    encoding: f.encoding ?? '',
    container: f.container ?? '',
    source: f.source ?? f.format,
    sourceReason: f.sourceReason ?? '',
    hosts: f.hosts ?? [],
    timeRange: f.timeRange ?? null,
    records: f.records ?? f.eventCount,
    mapped: f.mapped ?? f.eventCount,
    skipped: f.skipped ?? 0,
    untimed: f.untimed ?? 0,
    errors: f.errors ?? [],
    warnings: f.warnings ?? [],
    ...(f.evtx ? { evtx: f.evtx } : {}),
    status: f.status ?? 'done',
    error: f.error ?? null,
    ...(f.duplicateOf ? { duplicateOf: f.duplicateOf } : {}),
    ...(f.duplicates ? { duplicates: f.duplicates } : {}),
  };
}

export function rowOf(body: AlertBody, triage: Triage, hidden: string | null): AlertRow {
  return {
    id: body.id,
    sessionId: body.sessionId,
    ruleId: body.ruleId,
    ruleName: body.ruleName,
    severity: body.severity,
    riskScore: body.riskScore,
    timestamp: body.timestamp,
    endTimestamp: body.endTimestamp,
    host: body.host,
    user: body.user,
    process: body.process,
    status: triage.status,
    hiddenBy: hidden,
    kind: body.kind,
  };
}

export function detailOf(body: AlertBody, triage: Triage, hidden: string | null): AlertDetail {
  return {
    ...rowOf(body, triage, hidden),
    query: body.query,
    joinKeys: body.joinKeys,
    steps: body.steps,
    triage,
  };
}

export function storedAlert(body: AlertBody): ServiceAlert {
  return {
    id: body.id,
    sessionId: body.sessionId,
    ruleId: body.ruleId,
    ruleName: body.ruleName,
    severity: body.severity,
    timestamp: body.timestamp,
    detail: body,
  };
}

export function details(
  alerts: readonly ServiceAlert[],
  triage: ReadonlyMap<string, Triage>,
  exceptions: readonly RuleException[],
  open: Triage,
): AlertDetail[] {
  return alerts.map((a) =>
    detailOf(a.detail, triage.get(a.id) ?? open, hiddenBy(exceptions, a.detail)),
  );
}
