// A session's alerts and the analyst's triage of them. While a scan runs, its provisional
// alerts stand in for the stored ones (shown, not yet triageable).
import { OPEN, type AlertDetail, type AlertRow, type Triage } from '../../../case/index.ts';
import { hiddenBy } from '../exceptions.ts';
import type { Repos } from '../repos.ts';
import { detailOf, details, storedAlert } from '../views.ts';
import type { ServiceContext } from './context.ts';

export class AlertService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Which of the two was read is said here, at the read: the scan may end before the
   *  caller's next await. */
  async #alerts(repos: Repos, sessionId: string) {
    const provisional = this.ctx.provisional.get(sessionId);
    return provisional
      ? { alerts: provisional.map(storedAlert), provisional: true }
      : { alerts: await repos.alerts.list(sessionId), provisional: false };
  }

  /**
   * The session's alerts in full (those of `ids` only, when given), as the exports read them:
   * without the explanations a scan left for when an alert is opened (getAlert builds them).
   */
  async details(sessionId: string, ids?: readonly string[]): Promise<AlertDetail[]> {
    const repos = await this.ctx.repos();
    const { alerts, provisional } = await this.#alerts(repos, sessionId);
    const wanted = ids ? new Set(ids) : null;
    const list = details(
      wanted ? alerts.filter((a) => wanted.has(a.id)) : alerts,
      await repos.triage.bySession(sessionId),
      await repos.exceptions.list(),
      OPEN,
    );
    return provisional ? list.map((d) => ({ ...d, provisional: true })) : list;
  }

  async listAlerts(sessionId: string): Promise<AlertRow[]> {
    return (await this.details(sessionId)).map(
      ({ query: _q, joinKeys: _j, steps: _s, triage: _t, ...row }) => row,
    );
  }

  #isProvisional(sessionId: string, alertId: string): boolean {
    return this.ctx.provisional.get(sessionId)?.some((a) => a.id === alertId) ?? false;
  }

  async getAlert(sessionId: string, alertId: string): Promise<AlertDetail> {
    const repos = await this.ctx.repos();
    const body = this.ctx.provisional.get(sessionId)?.find((a) => a.id === alertId);
    const alert = body ? storedAlert(body) : await repos.alerts.get(alertId);
    if (!alert || alert.sessionId !== sessionId)
      throw new Error(`There is no alert ${alertId} in this session.`);
    const exceptions = await repos.exceptions.list();
    const detail = detailOf(
      // What the page shows of an open alert: its steps explained (now, if the scan left it).
      this.ctx.explainer.explained(alert.detail),
      await repos.triage.get(alertId),
      hiddenBy(exceptions, alert.detail),
    );
    return body ? { ...detail, provisional: true } : detail;
  }

  async setTriage(sessionId: string, alertId: string, triage: Partial<Triage>): Promise<Triage> {
    const repos = await this.ctx.repos();
    const alert = await repos.alerts.get(alertId);
    if ((!alert || alert.sessionId !== sessionId) && this.#isProvisional(sessionId, alertId))
      throw new Error('This alert is provisional while the scan runs: triage it once it ends.');
    if (!alert || alert.sessionId !== sessionId)
      throw new Error(`There is no alert ${alertId} in this session.`);
    const result = await repos.triage.set(sessionId, alertId, triage, this.ctx.now());
    await repos.sessions.update(sessionId, (s) => ({ ...s, lastUsedAt: this.ctx.now() }));
    return result;
  }
}
