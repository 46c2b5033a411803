// `sequent scan`'s queries: the rules read from a file, folder, zip or the built-in set, and
// each compiled into the spec the collector and correlator run (aggregation rules included).
// The worker threads compile their own copy through `plan` too: closures do not cross threads.
import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QuerySpec } from '../engine/index.ts';
import type { Aggregation } from '../engine/aggregate.ts';
import type { CompileOptions } from '../eql/compiled.ts';
import { compile, EqlError } from '../eql/index.ts';
import { KqlError } from '../kql/index.ts';
import {
  builtinRules,
  compileRule,
  importRules,
  importRulesFromZip,
  isRuleFileName,
  ruleMaxSamplesPerKey,
  runPlan,
  type ImportReport,
  type Rule,
} from '../rules/index.ts';
import type { Options } from './scan-options.ts';

/**
 * What results and messages say of a rule. The rest of it (description, investigation guide,
 * threat mappings, references…) is ~9 MiB of heap for the 954 Elastic EQL rules; held through
 * a scan, the heap's growth slack doubled it in the peak RSS.
 */
export type RuleLabel = Pick<Rule, 'id' | 'name' | 'severity' | 'risk_score'>;

export interface Planned {
  spec: QuerySpec;
  rule: RuleLabel | null;
  /** Threshold / new terms: the query's matches become alerts through this, cut to `size`. */
  aggregation?: { how: Aggregation; size: number };
}

export async function loadRules(source: string): Promise<Rule[]> {
  if (source === 'builtin') return builtinRules();
  let report: ImportReport;
  if (source.toLowerCase().endsWith('.zip')) {
    report = importRulesFromZip(new Uint8Array(await readFile(source)));
  } else if (statSync(source).isDirectory()) {
    const names = (await readdir(source, { recursive: true }))
      .filter((n) => isRuleFileName(n))
      .sort();
    const files = await Promise.all(
      names.map(async (n) => ({
        name: join(source, n),
        text: await readFile(join(source, n), 'utf8'),
      })),
    );
    report = importRules(files);
  } else {
    report = importRules([{ name: source, text: await readFile(source, 'utf8') }]);
  }
  for (const e of report.errors)
    process.stderr.write(`sequent scan: ${e.file}:${e.line}: ${e.message}\n`);
  for (const u of report.unsupported)
    process.stderr.write(
      `sequent scan: ${u.file}:${u.line}: rule "${u.name}" (${u.type}) cannot run here: ${u.reason}\n`,
    );
  return report.rules;
}

export function describe(e: unknown): string {
  // The language's errors carry line, column and a caret excerpt: show all of it.
  if (e instanceof EqlError || e instanceof KqlError) return e.format();
  if (e && typeof e === 'object' && 'message' in e)
    return String((e as { message: unknown }).message);
  return String(e);
}

const toStderr = (message: string) => void process.stderr.write(message);

export function plan(
  o: Options,
  rules: Rule[] | null,
  warn: (message: string) => void = toStderr,
): { planned: Planned[]; failed: number } {
  const base: CompileOptions = {
    categoryField: o.categoryField ?? 'event.category',
    timestampField: o.timestampField ?? '@timestamp',
    ...(o.tiebreakerField ? { tiebreakerField: o.tiebreakerField } : {}),
  };
  const planned: Planned[] = [];
  let failed = 0;
  const sizeFor = (fallback: number) => (o.all ? Infinity : (o.size ?? fallback));
  if (rules === null) {
    try {
      const query = compile(o.query!, base);
      planned.push({
        spec: {
          id: 'query',
          query,
          size: sizeFor(10),
          maxSamplesPerKey: o.maxSamplesPerKey ?? 1,
          ...(o.budget !== undefined ? { budget: o.budget } : {}),
        },
        rule: null,
      });
    } catch (e) {
      warn(`sequent scan: --query: ${describe(e)}\n`);
      failed++;
    }
    return { planned, failed };
  }
  for (const rule of rules) {
    if (!runPlan(rule).runnable) continue;
    if (rule.enabled === false) {
      // Kibana would not run it either; say so rather than drop it unseen.
      warn(`sequent scan: rule "${rule.name}" (${rule.id}) is disabled: skipped\n`);
      continue;
    }
    try {
      // A rule's own overrides win, as they do in Kibana; the CLI flags fill the rest.
      const { query, aggregation } = compileRule(rule, {
        categoryField: rule.event_category_override ?? base.categoryField,
        timestampField: rule.timestamp_override ?? base.timestampField,
        ...((rule.tiebreaker_field ?? base.tiebreakerField)
          ? { tiebreakerField: rule.tiebreaker_field ?? base.tiebreakerField }
          : {}),
      });
      const size = sizeFor(rule.max_signals ?? 100);
      planned.push({
        spec: {
          id: rule.id,
          name: rule.name,
          query,
          ...(rule.event_category_override ? { categoryField: rule.event_category_override } : {}),
          // An aggregation needs every match; its own alerts are cut to max_signals after.
          size: aggregation ? Infinity : size,
          maxSamplesPerKey: o.maxSamplesPerKey ?? ruleMaxSamplesPerKey(rule) ?? 1,
          ...(o.budget !== undefined ? { budget: o.budget } : {}),
        },
        rule: {
          id: rule.id,
          name: rule.name,
          severity: rule.severity,
          risk_score: rule.risk_score,
        },
        ...(aggregation ? { aggregation: { how: aggregation, size } } : {}),
      });
    } catch (e) {
      warn(`sequent scan: rule "${rule.name}" (${rule.id}): ${describe(e)}\n`);
      failed++;
    }
  }
  return { planned, failed };
}
