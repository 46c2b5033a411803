// The rules: the built-in ones and the analyst's (imported, written, switched on or off),
// checking a query as it is typed, exporting them, the per-rule reports of a session, and
// re-running every rule over a session's events to show what changed.
import { zipSync, strToU8 } from 'fflate';
import { OPEN, type AlertBody, type RuleReport } from '../../../case/index.ts';
import { tryParse } from '../../../eql/index.ts';
import {
  importRules,
  importRulesFromZip,
  rulesToKibanaNdjson,
  rulesToToml,
  type ImportReport as RulesImportReport,
  type Rule,
} from '../../../rules/index.ts';
import { newId } from '../../../store/id.ts';
import type { ImportReport, QueryCheck, RerunDiff, RuleView } from '../../app-api.ts';
import { CorrelationRun } from '../correlate.ts';
import { hiddenBy } from '../exceptions.ts';
import { diffAlerts } from '../identity.ts';
import { eqlLanguage } from '../language.ts';
import type { RunnableRule } from '../model.ts';
import { ruleReport } from '../report.ts';
import { fromRuleView, runnable, toRuleView } from '../rule-view.ts';
import { rowOf, storedAlert } from '../views.ts';
import { blob, ruleLanguage, sessionOf, type ServiceContext } from './context.ts';

export class RuleService {
  constructor(private readonly ctx: ServiceContext) {}

  async #runnableRules(): Promise<RunnableRule[]> {
    return (await this.ctx.rules())
      .map((r) => runnable(r, ruleLanguage))
      .filter((r): r is RunnableRule => r !== null);
  }

  async listRules(): Promise<RuleView[]> {
    return (await this.ctx.rules()).map((r) => toRuleView(r, ruleLanguage(r)));
  }

  async ruleReports(sessionId: string): Promise<RuleReport[]> {
    const repos = await this.ctx.repos();
    const reports = await repos.data.reports(sessionId);
    const alerts = await repos.alerts.list(sessionId);
    const exceptions = await repos.exceptions.list();
    return reports.map((r) => ({
      ...r,
      hiddenByExceptions: alerts.filter(
        (a) => a.ruleId === r.ruleId && hiddenBy(exceptions, a.detail),
      ).length,
    }));
  }

  async checkQuery(query: string): Promise<QueryCheck> {
    const language = eqlLanguage();
    try {
      return { ok: true, kind: language.check(query), error: null };
    } catch (error) {
      return { ok: false, kind: null, error: language.toQueryError(error, query) };
    }
  }

  async saveRule(view: RuleView): Promise<RuleView> {
    const repos = await this.ctx.repos();
    await this.ctx.rules();
    const id = view.id?.trim() || newId();
    const base = await repos.rules.get(id);
    const rule = fromRuleView({ ...view, id }, base);
    const shown = toRuleView(rule, ruleLanguage(rule));
    if (shown.error) throw new Error(`The query does not parse: ${shown.error.formatted}`);
    if (!rule.name.trim()) throw new Error('A rule needs a name.');
    await repos.rules.put(rule, this.ctx.now());
    return shown;
  }

  async setRuleEnabled(ruleId: string, enabled: boolean): Promise<void> {
    await (await this.ctx.repos()).rules.setEnabled(ruleId, enabled, this.ctx.now());
  }

  async deleteRule(ruleId: string): Promise<void> {
    await (await this.ctx.repos()).rules.delete(ruleId);
  }

  async importRules(files: File[]): Promise<ImportReport> {
    const checkQuery = (query: string) => {
      const parsed = tryParse(query);
      return parsed.ok
        ? null
        : { line: parsed.error.line, column: parsed.error.column, message: parsed.error.message };
    };
    const reports: RulesImportReport[] = [];
    const texts: { name: string; text: string }[] = [];
    for (const file of files) {
      const name = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
        try {
          reports.push(importRulesFromZip(bytes, { checkQuery }));
        } catch (error) {
          reports.push({
            entries: [],
            rules: [],
            unsupported: [],
            errors: [
              {
                status: 'error',
                file: name,
                line: 0,
                message: `Not a readable zip: ${(error as Error).message}`,
              },
            ],
            skipped: [],
            warnings: [],
          });
        }
      } else {
        texts.push({ name, text: new TextDecoder().decode(bytes) });
      }
    }
    if (texts.length) reports.push(importRules(texts, { checkQuery }));
    const rules = reports.flatMap((r) => r.rules);
    const unsupported = reports.flatMap((r) => r.unsupported);
    // Unsupported rules are kept (switched off) so the rules page lists them with the reason.
    const stored: Rule[] = [...rules, ...unsupported.map((u) => ({ ...u.rule, enabled: false }))];
    const repos = await this.ctx.repos();
    await this.ctx.rules();
    await repos.rules.putAll(stored, this.ctx.now());
    return {
      imported: rules.map((r) => toRuleView(r, ruleLanguage(r))),
      unsupported: unsupported.map((u) => ({ name: u.name, type: u.type, file: u.file })),
      failed: reports
        .flatMap((r) => r.errors)
        .map((e) => ({
          name: e.name ?? '',
          file: e.file,
          message: `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`,
        })),
    };
  }

  async exportRules(format: 'toml' | 'ndjson'): Promise<Blob> {
    const rules = await this.ctx.rules();
    if (format === 'ndjson') return blob([rulesToKibanaNdjson(rules)], 'application/x-ndjson');
    const files = rulesToToml(rules);
    if (files.length === 1) return blob([files[0].text], 'application/toml');
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.text)])));
    return blob([zip], 'application/zip');
  }

  async rerunRules(sessionId: string): Promise<RerunDiff> {
    const repos = await this.ctx.repos();
    const session = await sessionOf(repos, sessionId);
    const missing = await this.ctx.events.missing(repos, session, true, 're-run rules');
    if (missing) throw new Error(missing);
    const rules = await this.#runnableRules();
    const files = await repos.files.list(sessionId);
    const run = new CorrelationRun(rules);
    for await (const batch of this.ctx.events.batches(repos, sessionId)) run.addEvents(batch);
    const result = run.finish(
      sessionId,
      (f) => files.find((x) => x.index === f)?.name ?? `file ${f + 1}`,
      eqlLanguage(),
    );
    const profile = await repos.data.profile(sessionId);
    const after = result.alerts.flat();
    const before = await repos.alerts.list(sessionId);
    const triage = await repos.triage.bySession(sessionId);
    const exceptions = await repos.exceptions.list();
    const row = (a: AlertBody) => rowOf(a, triage.get(a.id) ?? OPEN, hiddenBy(exceptions, a));
    const diff = diffAlerts(
      before.map((a) => ({ identity: a.detail.identity, row: row(a.detail) })),
      after.map((a) => ({ identity: a.identity, row: row(a) })),
    );
    await repos.alerts.replace(sessionId, after.map(storedAlert));
    await repos.data.putReports(
      sessionId,
      rules.map((r, q) =>
        ruleReport(r, result.outcomes[q], result.stageHosts[q], profile, result.alerts[q].length),
      ),
    );
    await repos.sessions.update(sessionId, (s) => ({
      ...s,
      alerts: after.length,
      rules: rules.map((r) => r.id),
      lastUsedAt: this.ctx.now(),
    }));
    return diff;
  }
}
