// The rules: the built-in ones and the analyst's (imported, written, switched on or off),
// checking a query as it is typed, exporting them, the per-rule reports of a session, and
// running rules over a session's events to show what changed (rules-run.ts).
import { zipSync, strToU8 } from 'fflate';
import type { RuleReport } from '../../../case/index.ts';
import {
  builtinIdOf,
  importRules,
  importRulesFromZip,
  mergeImport,
  replaceBuiltins,
  ruleQueryChecker,
  rulesToKibanaNdjson,
  rulesToToml,
  type ImportReport as RulesImportReport,
  type Rule,
} from '../../../rules/index.ts';
import { newId } from '../../../store/id.ts';
import type {
  ImportReport,
  QueryCheck,
  RerunDiff,
  RuleRunProgress,
  RuleView,
} from '../../app-api.ts';
import { hiddenBy } from '../exceptions.ts';
import { eqlLanguage } from '../language.ts';
import type { RunnableRule } from '../model.ts';
import { fromRuleView, runnable, toRuleView } from '../rule-view.ts';
import { blob, ruleLanguage, type ServiceContext } from './context.ts';
import { runRulesOnSession } from './rules-run.ts';

export class RuleService {
  /** Runs of rules in progress: a cancel stops them all. */
  readonly #runs = new Set<AbortController>();

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
    const repos = await this.ctx.repos();
    const rule = await repos.rules.get(ruleId);
    if (enabled && rule?.replacedBy !== undefined) {
      // Switched back on by hand: it is no longer replaced.
      const { replacedBy: _replaced, ...rest } = rule;
      await repos.rules.put({ ...rest, enabled }, this.ctx.now());
      return;
    }
    await repos.rules.setEnabled(ruleId, enabled, this.ctx.now());
  }

  async setRulesEnabled(ruleIds: string[], enabled: boolean): Promise<void> {
    const wanted = new Set(ruleIds);
    const changed = (await this.ctx.rules())
      .filter((r) => wanted.has(r.id) && r.enabled !== enabled)
      // A replaced built-in switched back on is no longer replaced.
      .map(({ replacedBy: _replaced, ...r }) => ({
        ...r,
        enabled,
        ...(_replaced && !enabled ? { replacedBy: _replaced } : {}),
      }));
    await (await this.ctx.repos()).rules.putAll(changed, this.ctx.now());
  }

  async deleteRule(ruleId: string): Promise<void> {
    const repos = await this.ctx.repos();
    // The built-in a deleted copy replaced runs again rather than stay off for nothing.
    const restored = replaceBuiltins(await this.ctx.rules(), [ruleId], false);
    await repos.rules.putAll(restored, this.ctx.now());
    await repos.rules.delete(ruleId);
  }

  /**
   * Each imported copy in `copyIds` replaces the built-in of its rule_id (`replace`), or the
   * built-ins they replaced run again. Returns the ids whose alerts change: built-ins and copies.
   */
  async replaceBuiltins(copyIds: string[], replace: boolean): Promise<string[]> {
    const changed = replaceBuiltins(await this.ctx.rules(), copyIds, replace);
    await (await this.ctx.repos()).rules.putAll(changed, this.ctx.now());
    const builtins = copyIds.map(builtinIdOf).filter((id): id is string => id !== null);
    return [...builtins, ...copyIds];
  }

  async importRules(files: File[]): Promise<ImportReport> {
    const checkQuery = ruleQueryChecker();
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
    // Rules that cannot run here are kept (switched off) so the rules page lists them with
    // the reason.
    const incoming: Rule[] = [...rules, ...unsupported.map((u) => ({ ...u.rule, enabled: false }))];
    const repos = await this.ctx.repos();
    const merge = mergeImport(incoming, await this.ctx.rules());
    await repos.rules.putAll(merge.store, this.ctx.now());
    const runnableIds = new Set(rules.map((r) => r.id));
    const shown = merge.store.filter(
      (r) => runnableIds.has(r.id) || runnableIds.has(r.id.replace(/:imported$/, '')),
    );
    return {
      imported: shown.map((r) => toRuleView(r, ruleLanguage(r))),
      updated: merge.updated.filter((r) => runnableIds.has(r.id)).length,
      unchanged: merge.unchanged.length,
      collisions: merge.collisions.map((c) => ({
        name: c.stored.name,
        ruleId: c.builtin.id,
        storedId: c.stored.id,
        builtinName: c.builtin.name,
      })),
      unsupported: unsupported.map((u) => ({
        name: u.name,
        type: u.type,
        file: u.file,
        reason: u.reason,
      })),
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
    return this.runRules(sessionId, null);
  }

  async runRules(
    sessionId: string,
    ruleIds: string[] | null,
    onProgress?: (progress: RuleRunProgress) => void,
  ): Promise<RerunDiff> {
    // Registered before the first await: a Cancel clicked as soon as the run shows must stop it.
    const controller = new AbortController();
    this.#runs.add(controller);
    try {
      const wanted = ruleIds ? new Set(ruleIds) : null;
      const rules = (await this.#runnableRules()).filter((r) => !wanted || wanted.has(r.id));
      const running = new Set(rules.map((r) => r.id));
      const cleared = [...(wanted ?? [])].filter((id) => !running.has(id));
      return await runRulesOnSession(this.ctx, sessionId, rules, {
        partial: wanted !== null,
        cleared,
        signal: controller.signal,
        ...(onProgress ? { onProgress } : {}),
      });
    } finally {
      this.#runs.delete(controller);
    }
  }

  async cancelRuleRun(): Promise<void> {
    for (const run of this.#runs) run.abort();
  }
}
