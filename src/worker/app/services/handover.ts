// Hand-over: a session's alerts as NDJSON, CSV, an ATT&CK Navigator layer or an HTML report,
// and its events as Elasticsearch bulk lines, for whoever takes the case on.
import type { AlertExportFormat } from '../../app-api.ts';
import { alertsToCsv } from '../handover/alerts-csv.ts';
import { alertsToNdjson } from '../handover/alerts-ndjson.ts';
import { bulkLines, checkIndexName } from '../handover/bulk.ts';
import { htmlReport } from '../handover/html-report.ts';
import { navigatorLayer } from '../handover/navigator.ts';
import { sessionSummary } from '../views.ts';
import type { AlertService } from './alerts.ts';
import { blob, sessionOf, type ServiceContext } from './context.ts';
import type { RuleService } from './rules.ts';

export class HandoverService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly alerts: AlertService,
    private readonly rules: RuleService,
  ) {}

  async exportAlerts(
    sessionId: string,
    format: AlertExportFormat,
    alertIds?: string[],
  ): Promise<Blob> {
    const alerts = await this.alerts.details(sessionId, alertIds);
    const repos = await this.ctx.repos();
    const session = await sessionOf(repos, sessionId);
    switch (format) {
      case 'ndjson':
        return blob([alertsToNdjson(alerts)], 'application/x-ndjson');
      case 'csv':
        return blob([alertsToCsv(alerts)], 'text/csv');
      case 'navigator': {
        const rules = new Map((await this.rules.listRules()).map((r) => [r.id, r]));
        return blob(
          [JSON.stringify(navigatorLayer(alerts, rules, session.name), null, 2)],
          'application/json',
        );
      }
      case 'html':
        return blob([htmlReport(sessionSummary(session), alerts, this.ctx.now())], 'text/html');
      default:
        throw new Error(`Unknown export format ${String(format)}.`);
    }
  }

  async exportEvents(sessionId: string, index: string): Promise<Blob> {
    const problem = checkIndexName(index);
    if (problem) throw new Error(problem);
    const repos = await this.ctx.repos();
    const parts: string[] = [];
    for await (const chunk of repos.events.chunks(sessionId))
      parts.push(bulkLines(chunk.events, index));
    return blob(parts, 'application/x-ndjson');
  }
}
