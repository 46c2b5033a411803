// The near-miss count after a scan as the page takes it, in Node: two versions of NearMissPlan
// (another checkout's and this one's), alternated in one process, over telemetry-100k's lines
// parsed chunk by chunk as the page reads them back (parseJsonExact, 2,000 lines a chunk, each
// event parsed afresh before it is counted). CPU seconds of `add` (and `take`), the parse timed
// apart; the counts of every run must be equal, or it throws.
// Usage: npx tsx bench/near-miss-ab.ts OTHER_CHECKOUT [EVENTS] [--rounds N]
//   OTHER_CHECKOUT: a folder holding another version's src/ (`git archive` of it, with
//   node_modules linked), e.g. /tmp/base; EVENTS: the first EVENTS lines (default 100000).
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { NearMissQuery } from '../src/engine/plan/near-miss-plan.ts';
import { NearMissPlan } from '../src/engine/plan/near-miss-plan.ts';
import { parseJsonExact } from '../src/case/json-text.ts';
import { heldConjuncts } from '../src/kql/index.ts';
import { eqlSpecs } from '../tests/engine/real-rules.ts';
import { dataDir, root } from './scan-data.ts';

interface Plan {
  add(doc: unknown): void;
  take(): unknown;
}
type PlanClass = new (queries: readonly NearMissQuery[]) => Plan;

const CHUNK = 2000;
const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args[at + 1]) : 3;
const [other, count] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
const windows = join(root, '../shared/detection-rules/rules/windows');
const file = `${dataDir}telemetry-100k.ndjson`;
if (!other || !existsSync(join(other, 'src/engine/plan/near-miss-plan.ts')))
  throw new Error('usage: near-miss-ab.ts OTHER_CHECKOUT [EVENTS] [--rounds N]');
if (!existsSync(windows) || !existsSync(file)) throw new Error(`needs ${windows} and ${file}`);

const { NearMissPlan: Other } = (await import(
  resolve(other, 'src/engine/plan/near-miss-plan.ts')
)) as { NearMissPlan: PlanClass };
const queries: NearMissQuery[] = eqlSpecs(windows).map((s) => ({
  query: s.query,
  conjuncts: s.query.stages.map(heldConjuncts),
  categoryField: s.categoryField ?? 'event.category',
}));
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, Number(count ?? 100_000));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function run(Plan: PlanClass): { add: number; parse: number; counts: string } {
  const plan = new Plan(queries);
  let parse = 0;
  let add = 0;
  for (let i = 0; i < lines.length; i += CHUNK) {
    let t = cpu();
    const docs = lines.slice(i, i + CHUNK).map((l) => parseJsonExact(l));
    parse += cpu() - t;
    t = cpu();
    for (const doc of docs) plan.add(doc);
    add += cpu() - t;
  }
  const t = cpu();
  const counts = JSON.stringify(plan.take());
  return { add: add + cpu() - t, parse, counts };
}

const builds: [string, PlanClass][] = [
  ['other', Other],
  ['this', NearMissPlan as unknown as PlanClass],
];
const out: Record<string, { add: number[]; parse: number[] }> = {
  other: { add: [], parse: [] },
  this: { add: [], parse: [] },
};
let reference: string | null = null;
for (let r = 0; r < rounds; r++)
  for (const [name, Plan] of r % 2 ? [...builds].reverse() : builds) {
    const got = run(Plan);
    reference ??= got.counts;
    if (got.counts !== reference) throw new Error(`the counts of ${name} differ`);
    out[name].add.push(Number(got.add.toFixed(3)));
    out[name].parse.push(Number(got.parse.toFixed(3)));
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(
  JSON.stringify({
    events: lines.length,
    rules: queries.length,
    addCpuSeconds: { other: out.other.add, this: out.this.add },
    medians: { other: median(out.other.add), this: median(out.this.add) },
    parseCpuSeconds: { other: out.other.parse, this: out.this.parse },
    load: loadavg().map((l) => Number(l.toFixed(2))),
  }),
);
