// Why a rule fired or stayed silent, in sentences a responder reads: per-stage matches and
// hosts, near misses ("stage 1 matched 9 times on 2 hosts, stage 2 never"), and the fields
// or values the rule needs that the data never has (from ingest's field profile).
import type { ReportBasis, ReportCounting } from '../../case/index.ts';
import type { QueryOutcome } from '../../engine/types.ts';
import type { FieldProfile } from '../../ingest/types.ts';
import type { StageReport } from '../app-api.ts';
import type { RunnableRule, StoredReport } from './model.ts';
import type { ScanRequest } from './scan-request.ts';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n.toLocaleString('en-US')} times`;
}

export function stageReports(outcome: QueryOutcome, hosts: string[][]): StageReport[] {
  return outcome.stats.stages.map((s, i) => ({
    text: s.text,
    matched: s.matched,
    keys: s.distinctKeys,
    hosts: hosts[i] ?? [],
    conjuncts: (s.nearMiss?.conjuncts ?? []).map((c) => ({
      text: c.text,
      held: c.satisfied,
      of: s.nearMiss?.categoryEvents ?? 0,
    })),
  }));
}

/** What the sentences need of an outcome beyond its stages (kept while counts are taken). */
export function basisOf(outcome: QueryOutcome): ReportBasis {
  const st = outcome.stats;
  return {
    total: outcome.total,
    failed: outcome.error !== null,
    sequencesStarted: st.sequencesStarted,
    rejectedByMaxspan: st.rejectedByMaxspan,
    rejectedByUntil: st.rejectedByUntil,
    untimed: st.untimed,
  };
}

export function nearMissSentences(
  rule: RunnableRule,
  st: ReportBasis,
  stages: StageReport[],
): string[] {
  if (st.total > 0 || st.failed) return [];
  const out: string[] = [];
  const parts = stages.map((s, i) => {
    if (s.matched === 0) return `stage ${i + 1} never${i === 0 ? ' matched' : ''}`;
    const on = s.hosts.length ? ` on ${plural(s.hosts.length, 'host')}` : '';
    return `stage ${i + 1} matched ${times(s.matched)}${on}`;
  });
  if (rule.query.kind === 'event') {
    out.push(
      stages[0]?.matched
        ? `the query matched ${times(stages[0].matched)}`
        : 'the query matched no event',
    );
  } else {
    out.push(parts.join(', '));
  }
  if (rule.query.kind === 'sequence' && stages.every((s) => s.matched > 0)) {
    const span = rule.query.maxspanMs !== null ? ` within ${rule.query.maxspanMs / 1000}s` : '';
    const keys = rule.query.stages[0]?.keys.map((k) => k.field).join(', ');
    out.push(
      `every stage matched, but never in order${keys ? ` on the same ${keys}` : ''}${span}` +
        (st.sequencesStarted ? ` (${plural(st.sequencesStarted, 'sequence')} started` : '') +
        (st.rejectedByMaxspan ? `, ${st.rejectedByMaxspan} ran out of time` : '') +
        (st.rejectedByUntil ? `, ${st.rejectedByUntil} ended by until` : '') +
        (st.sequencesStarted ? ')' : ''),
    );
  }
  stages.forEach((s, i) => {
    if (s.matched > 0 || s.conjuncts.length === 0) return;
    const of = s.conjuncts[0].of;
    const category = rule.query.stages[i]?.category;
    if (of === 0) {
      out.push(`stage ${i + 1}: no ${category ?? ''} events in this data`.replace('  ', ' '));
      return;
    }
    for (const c of s.conjuncts) {
      if (c.held === 0)
        out.push(
          `stage ${i + 1}: ${c.text} never held (0 of ${plural(of, `${category ?? ''} event`.trim())})`,
        );
    }
  });
  if (st.untimed > 0)
    out.push(
      `${plural(st.untimed, 'matching event')} had no usable @timestamp and could not be ordered`,
    );
  return out;
}

// `field == "v"`, `field : "v"`, `field : ("a", "b")`, `field in ("a", "b")` (also unquoted numbers).
const COMPARISON = /^([\w.@]+)\s*(?:==|:|in~?|:~?)\s*\(?\s*(.+?)\s*\)?$/;

function literals(list: string): string[] {
  const out: string[] = [];
  for (const m of list.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

function seenText(profile: FieldProfile, field: string): string {
  const values = profile.values[field] ?? [];
  if (!values.length) return '';
  const shown = values.slice(0, 6).map((v) => JSON.stringify(v));
  const more = values.length > 6 || profile.capped.includes(field) ? ', …' : '';
  return ` (seen: ${shown.join(', ')}${more})`;
}

export function missingFields(
  rule: RunnableRule,
  stages: StageReport[],
  profile: FieldProfile | null,
) {
  if (!profile) return [];
  const out: { field: string; reason: string }[] = [];
  const reported = new Set<string>();
  const add = (field: string, reason: string) => {
    if (reported.has(field)) return;
    reported.add(field);
    out.push({ field, reason });
  };
  for (const stage of rule.query.stages) {
    for (const field of stage.fields) {
      if (!profile.counts[field]) add(field, `${field} never appears in this data`);
    }
  }
  stages.forEach((s) => {
    for (const c of s.conjuncts) {
      if (c.held > 0 || c.of === 0) continue;
      const m = COMPARISON.exec(c.text.trim());
      if (!m || !profile.counts[m[1]]) continue;
      const wanted = literals(m[2]);
      if (!wanted.length) continue;
      const values = profile.values[m[1]] ?? [];
      // With the value list capped, absence from it proves nothing.
      if (profile.capped.includes(m[1]) && values.length >= profile.valueCap) continue;
      const lower = values.map((v) => v.toLowerCase());
      if (wanted.some((w) => lower.includes(w.toLowerCase()))) continue;
      const what =
        wanted.length === 1
          ? JSON.stringify(wanted[0])
          : `any of ${wanted.map((w) => JSON.stringify(w)).join(', ')}`;
      add(m[1], `${m[1]} is never ${what} in this data${seenText(profile, m[1])}`);
    }
  });
  return out;
}

/**
 * The report of one rule. With `counting`, the outcome holds no near-miss counts (the scan left
 * them for later): the report says so, holds what the counts do not change, and keeps what
 * `completeReport` needs to finish it once they are taken.
 */
export function ruleReport(
  rule: RunnableRule,
  outcome: QueryOutcome,
  hosts: string[][],
  profile: FieldProfile | null,
  alerts: number,
  counting?: Omit<ReportCounting, 'basis'>,
): StoredReport {
  const waits = counting !== undefined && countsNearMisses(rule);
  // Waiting, the report holds no count (a helper may have counted a part, never all).
  const stages = stageReports(outcome, hosts).map((s) => (waits ? { ...s, conjuncts: [] } : s));
  const basis = basisOf(outcome);
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    alerts,
    beyondMaxSignals: outcome.more,
    stages,
    nearMisses: nearMissSentences(rule, basis, stages),
    missingFields: missingFields(rule, stages, profile),
    error: outcome.error,
    ...(waits ? { counting: { ...counting, basis } } : {}),
  };
}

/** Whether near misses are counted for the rule (querySpecs counts these). */
export function countsNearMisses(rule: RunnableRule): boolean {
  return rule.conjuncts.some((c) => c.length);
}

/**
 * A waiting report completed with its counts (per stage: the events of its category, then per
 * conjunct the events it held for; null when no event was read): the report the scan would
 * have written had it counted them itself.
 */
export function completeReport(
  rule: RunnableRule,
  report: StoredReport,
  counts: readonly (readonly number[])[] | null,
  profile: FieldProfile | null,
): StoredReport {
  const { counting, ...rest } = report;
  if (!counting) return report;
  const stages = report.stages.map((s, i) => {
    const row = counts?.[i];
    const conjuncts = rule.conjuncts[i];
    return row && conjuncts
      ? {
          ...s,
          conjuncts: conjuncts.map((c, j) => ({ text: c.text, held: row[j + 1], of: row[0] })),
        }
      : s;
  });
  return {
    ...rest,
    stages,
    nearMisses: nearMissSentences(rule, counting.basis, stages),
    missingFields: missingFields(rule, stages, profile),
  };
}

/** Whether the report was made of this rule as it is now (its stages read the same). */
export function sameStages(rule: RunnableRule, report: StoredReport): boolean {
  return (
    rule.query.stages.length === report.stages.length &&
    rule.query.stages.every((s, i) => s.text === report.stages[i].text)
  );
}

/** A profile covering several files: counts add up, value lists merge up to the cap. */
export function mergeProfiles(profiles: readonly FieldProfile[]): FieldProfile | null {
  if (!profiles.length) return null;
  const cap = Math.max(...profiles.map((p) => p.valueCap));
  // Event totals are summed when ingest reports them (it profiles a sample of common events).
  const total = (key: string) =>
    profiles.reduce(
      (n, p) => n + (((p as unknown as Record<string, unknown>)[key] as number) || 0),
      0,
    );
  const merged = {
    counts: {},
    values: {},
    capped: [],
    valueCap: cap,
    profiled: total('profiled'),
    events: total('events'),
  } as unknown as FieldProfile;
  const capped = new Set<string>();
  for (const p of profiles) {
    for (const [f, n] of Object.entries(p.counts)) merged.counts[f] = (merged.counts[f] ?? 0) + n;
    for (const [f, vs] of Object.entries(p.values)) {
      const list = (merged.values[f] ??= []);
      for (const v of vs) {
        if (list.includes(v)) continue;
        if (list.length >= cap) capped.add(f);
        else list.push(v);
      }
    }
    for (const f of p.capped) capped.add(f);
  }
  merged.capped = [...capped].sort();
  return merged;
}

/** Said on the reports of a scan whose events could not all be stored. */
export const NOT_COUNTED =
  'Storage was full, so the events are not kept to count why rules stayed silent: attach the files again and re-run the rules.';

/**
 * What the scan's reports wait for: the near-miss counts over the events it read, which are
 * the session's stored events when the earlier files were read too, else its own files'.
 */
export function waitingCounts(
  req: Pick<ScanRequest, 'prior' | 'files' | 'scanId'>,
  indexOf: (i: number) => number,
  storage: 'full' | 'alerts-only',
): { id: string; files: number[]; unavailable?: string } {
  const files = req.prior
    ? [...new Set([...req.prior.fileNames.keys(), ...req.files.map((_, i) => indexOf(i))])]
    : req.files.map((_, i) => indexOf(i));
  files.sort((a, b) => a - b);
  return {
    id: req.scanId,
    files,
    ...(storage !== 'full' ? { unavailable: NOT_COUNTED } : {}),
  };
}
