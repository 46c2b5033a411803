// Between the rules module's Rule (Elastic's schema) and the RuleView the UI shows and edits.
import {
  ruleMaxSamplesPerKey,
  runPlan,
  withTimestampFallback,
  type Rule,
} from '../../rules/index.ts';
import type { QueryError, RuleView, Severity } from '../app-api.ts';
import type { Language, RunnableRule } from './model.ts';

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export function severityOf(value: string): Severity {
  const lower = value.toLowerCase() as Severity;
  return SEVERITIES.includes(lower) ? lower : 'medium';
}

export function unsupportedReason(rule: Rule): string | null {
  const plan = runPlan(rule);
  if (plan.runnable) return null;
  const reason = plan.reason.charAt(0).toUpperCase() + plan.reason.slice(1);
  return reason.endsWith('.') ? reason : `${reason}.`;
}

export function compileOptionsOf(
  rule: Pick<Rule, 'timestamp_override' | 'event_category_override' | 'tiebreaker_field'> &
    Partial<Pick<Rule, 'language' | 'type'>>,
) {
  // KQL and Lucene rules compile with their own language; EQL is the default.
  const language =
    rule.language ?? (rule.type === undefined || rule.type === 'eql' ? 'eql' : 'kuery');
  return {
    ...(language === 'kuery' || language === 'lucene'
      ? { queryLanguage: language as 'kuery' | 'lucene' }
      : {}),
    ...(rule.timestamp_override ? { timestampField: rule.timestamp_override } : {}),
    ...(rule.event_category_override ? { categoryField: rule.event_category_override } : {}),
    ...(rule.tiebreaker_field ? { tiebreakerField: rule.tiebreaker_field } : {}),
  };
}

export function toRuleView(rule: Rule, language: Language): RuleView {
  const query = rule.query ?? '';
  const unsupported = unsupportedReason(rule);
  let error: QueryError | null = null;
  if (!unsupported) {
    try {
      language.check(query);
    } catch (e) {
      error = language.toQueryError(e, query);
    }
  }
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    type: rule.type,
    language: rule.language ?? (rule.type === 'eql' ? 'eql' : ''),
    query,
    prettyQuery: !unsupported && !error ? language.print(query) : query,
    severity: severityOf(String(rule.severity)),
    riskScore: rule.risk_score,
    tags: [...rule.tags],
    tactics: rule.threat.map((t) => ({ ...t.tactic })),
    techniques: rule.threat.flatMap((t) =>
      (t.technique ?? []).map((tech) => ({
        id: tech.id,
        name: tech.name,
        reference: tech.reference,
        subtechniques: (tech.subtechnique ?? []).map((s) => ({ ...s })),
      })),
    ),
    falsePositives: [...rule.false_positives],
    note: rule.note ?? '',
    references: [...rule.references],
    author: [...rule.author],
    license: rule.license ?? '',
    version: rule.version ?? 1,
    interval: rule.interval ?? '5m',
    from: rule.from ?? 'now-9m',
    maxSignals: rule.max_signals ?? 100,
    index: [...(rule.index ?? [])],
    origin: rule.origin,
    enabled: rule.enabled,
    unsupported,
    error,
    ...(rule.replacedBy ? { replacedBy: rule.replacedBy } : {}),
    ...(rule.sigma
      ? {
          sigma: {
            yaml: rule.sigma.yaml,
            kind: rule.sigma.kind,
            filters: [...(rule.sigma.filters ?? [])],
          },
        }
      : {}),
  };
}

/** A RuleView edited in the UI back onto its Rule (or a new Rule), keeping what the view lacks. */
export function fromRuleView(view: RuleView, base: Rule | undefined): Rule {
  const threatByTactic = view.tactics.map((tactic, i) => ({
    framework: 'MITRE ATT&CK',
    tactic: { ...tactic },
    technique: (i === 0 ? view.techniques : []).map((t) => ({
      id: t.id,
      name: t.name,
      reference: t.reference,
      ...(t.subtechniques.length ? { subtechnique: t.subtechniques.map((s) => ({ ...s })) } : {}),
    })),
  }));
  return {
    ...(base ?? {}),
    id: view.id,
    name: view.name,
    description: view.description,
    type: view.type || 'eql',
    language: view.language || 'eql',
    query: view.query,
    severity: view.severity,
    risk_score: view.riskScore,
    tags: [...view.tags],
    threat: base && sameThreat(base, view) ? base.threat : threatByTactic,
    false_positives: [...view.falsePositives],
    note: view.note,
    references: [...view.references],
    author: [...view.author],
    license: view.license,
    version: view.version,
    interval: view.interval,
    from: view.from,
    max_signals: view.maxSignals,
    index: [...view.index],
    origin: base?.origin ?? view.origin ?? 'imported',
    enabled: view.enabled,
  };
}

function sameThreat(rule: Rule, view: RuleView): boolean {
  const ids = (list: { id: string }[]) => list.map((x) => x.id).join(',');
  return (
    ids(rule.threat.map((t) => t.tactic)) === ids(view.tactics) &&
    ids(rule.threat.flatMap((t) => t.technique ?? [])) === ids(view.techniques)
  );
}

/** Compiles a rule for running; null when it cannot run (unsupported or broken query). */
export function runnable(rule: Rule, makeLanguage: (r: Rule) => Language): RunnableRule | null {
  const plan = runPlan(rule);
  if (!plan.runnable || !rule.enabled) return null;
  const language = makeLanguage(rule);
  try {
    const query = withTimestampFallback(language.compile(plan.query), rule);
    // Threshold and new terms aggregate an event query's matches.
    if (plan.aggregation && query.kind !== 'event') return null;
    return {
      ...(plan.aggregation ? { aggregation: plan.aggregation } : {}),
      id: rule.id,
      name: rule.name,
      severity: severityOf(String(rule.severity)),
      riskScore: rule.risk_score,
      maxSignals: rule.max_signals ?? 100,
      maxSamplesPerKey: ruleMaxSamplesPerKey(rule) ?? 1,
      query,
      compiledWith: language.options,
      conjuncts: query.stages.map((s) => {
        try {
          return language.conjuncts(s, plan.query);
        } catch {
          return [];
        }
      }),
    };
  } catch {
    return null;
  }
}
