// The rule set (kept by the worker in IndexedDB), this session's per-rule reports, the
// exceptions, and the last import / re-run outcome shown to the user.
import { proxy } from 'comlink';
import type {
  ImportReport,
  RerunDiff,
  RuleException,
  RuleReport,
  RuleRunProgress,
  RuleView,
  Severity,
} from '../../worker/app-api';
import { uniqueSorted } from '../lib/alert-query';
import type { SessionAccess } from './session-access';

/** What the rules page changes elsewhere: exceptions and re-runs change the alerts, a re-run
 *  the session's counts too. */
export interface RulesEffects {
  alertsChanged(): Promise<void>;
  sessionChanged(): Promise<void>;
}

export class RulesState {
  private readonly app: SessionAccess;
  private readonly effects: RulesEffects;

  list = $state.raw<RuleView[]>([]);
  reports = $state.raw<RuleReport[]>([]);
  exceptions = $state.raw<RuleException[]>([]);
  importReport = $state.raw<ImportReport | null>(null);
  diff = $state.raw<RerunDiff | null>(null);
  selectedId = $state<string | null>(null);
  /** The rule in the editor: a copy, saved only on request. */
  editing = $state.raw<RuleView | null>(null);
  busy = $state<string | null>(null);
  /** How far the run of rules over the open session has got; null when none runs. */
  progress = $state.raw<RuleRunProgress | null>(null);
  /** A run of rules is in progress (busy alone may be an import). */
  running = $state(false);

  text = $state('');
  severity = $state<Severity | ''>('');
  tactic = $state('');
  tag = $state('');
  type = $state('');
  platform = $state('');
  enabledFilter = $state<'' | 'on' | 'off'>('');
  fired = $state<'' | 'yes' | 'no'>('');

  constructor(app: SessionAccess, effects: RulesEffects) {
    this.app = app;
    this.effects = effects;
  }

  /** This session's report per rule id (the list shows each rule's last result). */
  reportsById: Record<string, RuleReport | undefined> = $derived(
    Object.fromEntries(this.reports.map((r) => [r.ruleId, r])),
  );

  filtered = $derived(
    this.list.filter((r) => {
      if (this.severity && r.severity !== this.severity) return false;
      if (this.type && r.type !== this.type) return false;
      if (this.platform && !platformsOf(r).includes(this.platform)) return false;
      if (this.enabledFilter && r.enabled !== (this.enabledFilter === 'on')) return false;
      if (this.fired && (this.reportsById[r.id]?.alerts ?? 0) > 0 !== (this.fired === 'yes'))
        return false;
      if (this.tactic && !r.tactics.some((t) => t.name === this.tactic || t.id === this.tactic))
        return false;
      if (this.tag && !r.tags.includes(this.tag)) return false;
      const words = this.text.toLowerCase().split(/\s+/).filter(Boolean);
      const hay = `${r.name}\n${r.description}\n${r.tags.join(' ')}\n${r.id}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    }),
  );
  tactics = $derived(uniqueSorted(this.list.flatMap((r) => r.tactics.map((t) => t.name))));
  tags = $derived(uniqueSorted(this.list.flatMap((r) => r.tags)));
  types = $derived(uniqueSorted(this.list.map((r) => r.type)));
  platforms = $derived(uniqueSorted(this.list.flatMap(platformsOf)));
  selected = $derived(this.list.find((r) => r.id === this.selectedId) ?? this.filtered[0] ?? null);

  reportFor(ruleId: string): RuleReport | undefined {
    return this.reportsById[ruleId];
  }

  exceptionsFor(ruleId: string): RuleException[] {
    return this.exceptions.filter((e) => e.ruleId === ruleId);
  }

  async load(): Promise<void> {
    const list = await this.app.notices.attempt('Loading rules', () => this.app.api.listRules());
    if (list) this.list = list;
  }

  async loadReports(): Promise<void> {
    const id = this.app.sessionId();
    if (!id) return;
    const reports = await this.app.api.ruleReports(id).catch(() => null);
    if (reports && this.app.sessionId() === id) {
      this.reports = reports;
      if (reports.some((r) => r.counting && !r.counting.unavailable)) this.#awaitCounts(id);
    }
  }

  /** The session whose near-miss counts are awaited (the reports say they are coming). */
  #counting: string | null = null;

  /** Waits for the session's near-miss counts (taken after a scan), then reads the reports again. */
  #awaitCounts(id: string): void {
    if (this.#counting === id) return;
    this.#counting = id;
    void this.app.api
      .nearMissCounts(id)
      .catch(() => false)
      .then(async (done) => {
        if (this.#counting !== id) return;
        this.#counting = null;
        // Stopped (a scan or a run of rules came first): its end reads the reports again.
        if (done && this.app.sessionId() === id) await this.loadReports();
      });
  }

  /** The worker was replaced: a count awaited from the old one never answers. */
  forgetCounts(): void {
    this.#counting = null;
  }

  async loadExceptions(): Promise<void> {
    const list = await this.app.api.listExceptions().catch(() => null);
    if (list) this.exceptions = list;
  }

  async setEnabled(rule: RuleView, enabled: boolean): Promise<void> {
    await this.app.notices.attempt(`Switching "${rule.name}"`, () =>
      this.app.api.setRuleEnabled(rule.id, enabled),
    );
    await this.load();
  }

  /** Switches every rule the filters show (those that can run) on or off at once. */
  async setFilteredEnabled(enabled: boolean): Promise<void> {
    const ids = this.filtered
      .filter((r) => !r.unsupported && r.enabled !== enabled)
      .map((r) => r.id);
    if (ids.length === 0) return;
    await this.app.notices.attempt(`Switching ${ids.length} rules ${enabled ? 'on' : 'off'}`, () =>
      this.app.api.setRulesEnabled(ids, enabled),
    );
    await this.load();
  }

  async save(rule: RuleView): Promise<RuleView | undefined> {
    const saved = await this.app.notices.attempt(`Saving "${rule.name}"`, () =>
      this.app.api.saveRule($state.snapshot(rule) as RuleView),
    );
    if (saved) {
      await this.load();
      this.selectedId = saved.id;
      this.editing = null;
    }
    return saved;
  }

  async remove(rule: RuleView): Promise<void> {
    await this.app.notices.attempt(`Deleting "${rule.name}"`, () =>
      this.app.api.deleteRule(rule.id),
    );
    if (this.selectedId === rule.id) this.selectedId = null;
    await this.load();
  }

  async import(files: File[]): Promise<void> {
    if (files.length === 0) return;
    this.busy = 'Importing rules…';
    const report = await this.app.notices.attempt('Importing rules', () =>
      this.app.api.importRules(files),
    );
    this.busy = null;
    if (report) this.importReport = report;
    await this.load();
    // New and updated rules run on the open session at once, and only they: the alerts of
    // rules the import left unchanged stay as they are.
    const fresh = report
      ? report.imported.filter((r) => r.enabled && !r.unsupported && !r.error).map((r) => r.id)
      : [];
    if (fresh.length > 0 && this.app.sessionId())
      await this.rerun(
        `Running ${fresh.length} imported rule${fresh.length === 1 ? '' : 's'} on this session`,
        fresh,
      );
  }

  /** Runs the given rules (every enabled one when null) over the open session's events. */
  async rerun(message = 'Re-running the enabled rules', ruleIds: string[] | null = null) {
    const id = this.app.sessionId();
    if (!id) return;
    this.busy = message;
    this.running = true;
    this.progress = null;
    const onProgress = proxy((p: RuleRunProgress) => {
      if (this.busy === message) this.progress = p;
    });
    const diff = await this.app.notices.attempt('Running the rules', () =>
      this.app.api.runRules(id, ruleIds, onProgress),
    );
    this.busy = null;
    this.running = false;
    this.progress = null;
    if (diff) this.diff = diff;
    await Promise.all([
      this.effects.alertsChanged(),
      this.loadReports(),
      this.effects.sessionChanged(),
    ]);
  }

  /** Imported copies replace their built-ins (or the built-ins come back); the rules whose
   *  alerts that changes run on the open session at once. */
  async replaceBuiltins(copyIds: string[], replace: boolean): Promise<void> {
    if (copyIds.length === 0) return;
    const what = replace ? 'Replacing the built-in rules' : 'Restoring the built-in rules';
    const changed = await this.app.notices.attempt(what, () =>
      this.app.api.replaceBuiltins(copyIds, replace),
    );
    await this.load();
    if (changed && this.app.sessionId()) await this.rerun(what, changed);
  }

  /** The built-in an imported copy replaced, if it did. */
  replacedBy(copyId: string): RuleView | undefined {
    return this.list.find((r) => r.replacedBy === copyId);
  }

  async cancelRun(): Promise<void> {
    await this.app.notices.attempt('Cancelling the run of rules', () =>
      this.app.api.cancelRuleRun(),
    );
  }

  async addException(
    ruleId: string,
    field: string,
    value: string,
    fromAlert?: string,
  ): Promise<void> {
    const made = await this.app.notices.attempt('Adding the exception', () =>
      this.app.api.addException(ruleId, field, value, fromAlert),
    );
    if (!made) return;
    this.app.notices.push('info', `Exception added: ${field} is ${value.slice(0, 80)}`);
    await Promise.all([this.loadExceptions(), this.effects.alertsChanged(), this.loadReports()]);
  }

  async removeException(id: string): Promise<void> {
    await this.app.notices.attempt('Removing the exception', () =>
      this.app.api.removeException(id),
    );
    await Promise.all([this.loadExceptions(), this.effects.alertsChanged(), this.loadReports()]);
  }
}

/** A rule's platforms, from Elastic's `OS: Windows` tags. */
export function platformsOf(rule: Pick<RuleView, 'tags'>): string[] {
  return rule.tags.filter((t) => t.startsWith('OS: ')).map((t) => t.slice(4));
}
