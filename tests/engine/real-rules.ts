// Elastic's real EQL rules (../shared/detection-rules) and SYNTHETIC telemetry (src/demo) with
// field values rewritten to the strings the rules themselves test for (wildcards filled in,
// case scrambled, sometimes multi-valued), so stages are hashed, hit and matched far more often
// than on plain telemetry. Shared by the plan's tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTelemetry } from '../../src/demo/index.ts';
import type { QuerySpec } from '../../src/engine/index.ts';
import type * as ast from '../../src/eql/ast.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { infoOf } from '../../src/eql/compile.ts';
import { compile } from '../../src/eql/index.ts';
import { walk } from '../../src/eql/walk.ts';
import { importRules, isRuleFileName } from '../../src/rules/index.ts';

export const RULES = join(import.meta.dirname, '../../../shared/detection-rules/rules');

export function loadSpecs(): QuerySpec[] {
  return eqlSpecs(RULES).map((spec) => ({ ...spec, size: Infinity }));
}

/** The EQL rules of a detection-rules folder that compile, as specs (bench/near-miss.ts too). */
export function eqlSpecs(folder: string): QuerySpec[] {
  const names = (readdirSync(folder, { recursive: true }) as string[]).filter(isRuleFileName);
  const report = importRules(
    names.sort().map((n) => ({ name: n, text: readFileSync(join(folder, n), 'utf8') })),
  );
  const specs: QuerySpec[] = [];
  for (const rule of report.rules) {
    if (rule.type !== 'eql' || !rule.query) continue;
    const categoryField = rule.event_category_override ?? 'event.category';
    try {
      const query = compile(rule.query, { categoryField });
      specs.push({ id: rule.id, query, categoryField });
    } catch {
      // `sequent check` reports these; the plan never sees them.
    }
  }
  return specs;
}

/** Every (field, string) a rule's stages compare a field with, wildcards filled in. */
export function literals(specs: readonly QuerySpec[]): [string, string][] {
  const out = new Map<string, [string, string]>();
  const add = (operand: ast.Expr, value: ast.Expr) => {
    if (operand.type !== 'Field' || value.type !== 'String') return;
    const field = operand.path.join('.');
    const text = value.value.replace(/\*/g, 'x').replace(/\?/g, 'C');
    out.set(`${field}\u0000${text}`, [field, text]);
  };
  for (const spec of specs)
    for (const stage of [...spec.query.stages, ...(spec.query.until ? [spec.query.until] : [])])
      walk(infoOf(stage).condition, (n) => {
        if (n.type === 'Match') n.patterns.forEach((p) => add(n.operand, p));
        else if (n.type === 'In') n.values.forEach((v) => add(n.operand, v));
        else if (n.type === 'Compare') add(n.left, n.right);
      });
  return [...out.values()];
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    node = (
      typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (node[p] = {})
    ) as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** Telemetry with rule strings planted in it, from a fixed seed so every run sees the same. */
export function plantedEvents(pairs: readonly [string, string][], count: number): Doc[] {
  let seed = 13;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const docs = [
    ...generateTelemetry({
      events: count,
      hosts: 4,
      seed: 'plan',
      planted: 4,
      start: '2024-05-01T00:00:00Z',
    }),
  ];
  for (const doc of docs) {
    for (let k = next(4); k > 0; k--) {
      const [field, text] = pairs[next(pairs.length)];
      const scrambled = next(3) === 0 ? text.toUpperCase() : text;
      setPath(doc, field, next(5) === 0 ? ['other', scrambled] : scrambled);
    }
  }
  return docs;
}
