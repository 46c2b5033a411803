// Field-by-field comparison of Sequent's ECS documents with Winlogbeat's golden ones.
import { readdirSync } from 'node:fs';
import type { Doc } from '../../src/ingest/index.ts';
import { flatten, get } from './helpers.ts';

/** Winlogbeat bookkeeping no rule reads: compared, but left out of the equality percentage. */
const BOOKKEEPING = [
  /^ecs\.version$/,
  /^event\.ingested$/,
  /^winlog\.(api|provider_guid|activity_id|keywords|opcode|task|time_created)$/,
  // Names Winlogbeat looked up for winlog.user.identifier on the collecting machine.
  /^winlog\.user\.(name|domain|type)$/,
  /^log\.level$/,
  /^message$/,
];

export const isBookkeeping = (field: string): boolean => BOOKKEEPING.some((re) => re.test(field));

// Lists whose order carries no meaning: ECS categorization and related.* are sets.
const UNORDERED = /^(event\.(category|type)|related\.\w+)$/;

export interface Difference {
  file: string;
  code: string;
  record: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface Comparison {
  compared: number;
  equal: number;
  relevantCompared: number;
  relevantEqual: number;
  differences: Difference[];
}

// JSON with object keys sorted: `{type, data}` and `{data, type}` are the same answer.
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

export function sameValue(field: string, expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected) && Array.isArray(actual) && UNORDERED.test(field)) {
    const a = expected.map(canonical).sort();
    const b = actual.map(canonical).sort();
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return canonical(expected) === canonical(actual);
}

export function compareDocs(file: string, golden: Doc[], ours: Doc[], into: Comparison): void {
  golden.forEach((g, i) => {
    const o = ours[i] ?? {};
    const code = String(get(g, 'event.code'));
    const record = String(get(g, 'winlog.record_id'));
    for (const [field, expected] of Object.entries(flatten(g))) {
      const actual = get(o, field);
      const equal = sameValue(field, expected, actual);
      into.compared++;
      if (equal) into.equal++;
      if (!isBookkeeping(field)) {
        into.relevantCompared++;
        if (equal) into.relevantEqual++;
      }
      if (!equal) into.differences.push({ file, code, record, field, expected, actual });
    }
  });
}

export function emptyComparison(): Comparison {
  return { compared: 0, equal: 0, relevantCompared: 0, relevantEqual: 0, differences: [] };
}

/** The golden pairs: `<module>/collection/X.evtx.golden.json` with `<module>/ingest/X.golden.json`. */
export function goldenPairs(root: string): Array<{ module: string; name: string }> {
  const out: Array<{ module: string; name: string }> = [];
  for (const module of ['security', 'sysmon']) {
    for (const f of readdirSync(`${root}/${module}/collection`).sort()) {
      if (f.endsWith('.evtx.golden.json'))
        out.push({ module, name: f.slice(0, -'.evtx.golden.json'.length) });
    }
  }
  return out;
}
