// Running a set of rules over a session's stored events: all enabled rules (a re-run) or only
// some (after an import, the new and updated ones). Only the alerts and reports of the rules
// that ran are replaced; every other rule's alerts stay as they are (same ids, same triage).
// It reports progress as it reads, and a cancel between batches leaves everything unwritten.
import { OPEN, type AlertBody } from '../../../case/index.ts';
import type { RerunDiff, RuleRunProgress } from '../../app-api.ts';
import { CorrelationRun } from '../correlate.ts';
import { hiddenBy } from '../exceptions.ts';
import { diffAlerts } from '../identity.ts';
import type { RunnableRule } from '../model.ts';
import { ruleReport } from '../report.ts';
import { rowOf, storedAlert } from '../views.ts';
import { sessionOf, type ServiceContext } from './context.ts';

/** Progress goes out at most this often: a message per batch would flood the page. */
const PROGRESS_EVERY_MS = 100;

export interface RuleRunOptions {
  /** Only these rules ran: keep the alerts and reports of the others. */
  partial: boolean;
  /** Rules asked for that cannot run now (switched off): their alerts and reports go. */
  cleared?: readonly string[];
  signal: AbortSignal;
  onProgress?: (progress: RuleRunProgress) => void;
}

const cancelledDiff = (rules: number): RerunDiff => ({
  added: [],
  removed: [],
  unchanged: 0,
  rules,
  cancelled: true,
});

/** Lets messages in (a cancel) between batches that come from memory without a wait. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

export async function runRulesOnSession(
  ctx: ServiceContext,
  sessionId: string,
  rules: RunnableRule[],
  options: RuleRunOptions,
): Promise<RerunDiff> {
  const { signal } = options;
  const started = performance.now();
  const repos = await ctx.repos();
  const session = await sessionOf(repos, sessionId);
  const missing = await ctx.events.missing(repos, session, true, 're-run rules');
  if (missing) throw new Error(missing);
  const eventsTotal = session.events;
  let last = 0;
  const report = (phase: RuleRunProgress['phase'], events: number, alerts = 0, force = false) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - last < PROGRESS_EVERY_MS)) return;
    last = now;
    const progress = {
      rules: rules.length,
      events,
      eventsTotal: Math.max(eventsTotal, events),
      alerts,
      elapsedMs: Math.round(now - started),
      phase,
    };
    // A comlink proxy returns a promise; a closed page rejects it, which is fine.
    void Promise.resolve(options.onProgress(progress)).catch(() => undefined);
  };
  report('reading', 0, 0, true);
  const files = await repos.files.list(sessionId);
  const run = new CorrelationRun(rules);
  for await (const batch of ctx.events.batches(repos, sessionId)) {
    if (signal.aborted) return cancelledDiff(rules.length);
    run.addEvents(batch);
    report('reading', run.eventCount);
    await breathe();
  }
  if (signal.aborted) return cancelledDiff(rules.length);
  report('correlating', run.eventCount, 0, true);
  // No language: an alert's steps are explained when it is opened (explain-later.ts).
  const result = run.finish(
    sessionId,
    (f) => files.find((x) => x.index === f)?.name ?? `file ${f + 1}`,
  );
  if (signal.aborted) return cancelledDiff(rules.length);
  const after = result.alerts.flat();
  report('saving', run.eventCount, after.length, true);

  const ran = new Set([...rules.map((r) => r.id), ...(options.cleared ?? [])]);
  const stored = await repos.alerts.list(sessionId);
  const before = options.partial ? stored.filter((a) => ran.has(a.ruleId)) : stored;
  const others = options.partial ? stored.filter((a) => !ran.has(a.ruleId)) : [];
  const triage = await repos.triage.bySession(sessionId);
  const exceptions = await repos.exceptions.list();
  const row = (a: AlertBody) => rowOf(a, triage.get(a.id) ?? OPEN, hiddenBy(exceptions, a));
  const diff = diffAlerts(
    before.map((a) => ({ identity: a.detail.identity, row: row(a.detail) })),
    after.map((a) => ({ identity: a.identity, row: row(a) })),
  );
  await repos.alerts.replace(sessionId, [...others, ...after.map(storedAlert)]);

  const profile = await repos.data.profile(sessionId);
  const fresh = rules.map((r, q) =>
    ruleReport(r, result.outcomes[q], result.stageHosts[q], profile, result.alerts[q].length),
  );
  const kept = options.partial
    ? (await repos.data.reports(sessionId)).filter((r) => !ran.has(r.ruleId))
    : [];
  await repos.data.putReports(sessionId, [...kept, ...fresh]);
  await repos.sessions.update(sessionId, (s) => ({
    ...s,
    alerts: others.length + after.length,
    rules: options.partial
      ? [...new Set([...s.rules.filter((id) => !ran.has(id)), ...rules.map((r) => r.id)])]
      : rules.map((r) => r.id),
    lastUsedAt: ctx.now(),
  }));
  return { ...diff, rules: rules.length };
}
