// One rule_id, one rule. Elastic's prebuilt package keeps every historical version of each
// rule (`<rule_id>_<version>.json`); an import keeps the highest `version` and lists the
// others as skipped, so the report counts rules, not files.
import type { ImportEntry, ImportReport } from './report.ts';

function ruleOf(e: ImportEntry) {
  return e.rule;
}

export function keepNewestVersions(report: ImportReport): ImportReport {
  const best = new Map<string, ImportEntry>();
  for (const e of report.entries) {
    const rule = ruleOf(e);
    if (!rule) continue;
    const known = best.get(rule.id);
    if (!known || (rule.version ?? 0) > (ruleOf(known)?.version ?? 0)) best.set(rule.id, e);
  }
  // Only strictly older versions go: the same version twice (a rule exported as TOML and as
  // NDJSON) is not history, and the caller decides what a duplicate means.
  const older = report.entries.filter((e) => {
    const rule = ruleOf(e);
    if (rule === undefined) return false;
    const kept = ruleOf(best.get(rule.id)!)!;
    return (rule.version ?? 0) < (kept.version ?? 0);
  });
  if (older.length === 0) return report;
  const drop = new Set(older);
  for (const e of older) {
    const rule = ruleOf(e)!;
    const kept = ruleOf(best.get(rule.id)!)!;
    report.skipped.push({
      file: e.file,
      line: e.line,
      reason: `version ${rule.version ?? '?'} of "${rule.name}" (${rule.id}): version ${kept.version ?? '?'} is imported instead`,
    });
  }
  const keep = (e: ImportEntry) => !drop.has(e);
  report.entries = report.entries.filter(keep);
  const remaining = new Set(report.entries.map(ruleOf));
  report.rules = report.rules.filter((r) => remaining.has(r));
  report.unsupported = report.unsupported.filter(keep);
  report.errors = report.errors.filter(keep);
  return report;
}
