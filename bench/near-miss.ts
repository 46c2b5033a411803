// The near-miss counting alone (issue 13): Elastic's Windows EQL rules, each stage's top-level
// conjuncts as the page counts them (heldConjuncts), over the scan benchmark's SYNTHETIC
// telemetry, normalized as ingest does. Times NearMissPlan's `add` over every event and one
// `take` per round, in CPU seconds of this process, and checks that its counts equal the naive
// count (the Collector's `dispatch: false` reference) once. Building the plan is timed apart.
// Usage: npx tsx bench/near-miss.ts [EVENTS] [--rounds N] [--no-check] [--collector]
//   EVENTS: a count (default 20000) of the benchmark's telemetry, generated when missing;
//   --collector: the Collector's whole add/drain with and without the counts instead.
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { Collector, type QuerySpec } from '../src/engine/index.ts';
import { NearMissPlan } from '../src/engine/plan/near-miss-plan.ts';
import type { Doc } from '../src/eql/compiled.ts';
import { normalizeRecord } from '../src/ingest/normalize.ts';
import { heldConjuncts } from '../src/kql/index.ts';
import { eqlSpecs } from '../tests/engine/real-rules.ts';
import { ensureData, root } from './scan-data.ts';

const WINDOWS = join(root, '../shared/detection-rules/rules/windows');

function windowsSpecs(): QuerySpec[] {
  return eqlSpecs(WINDOWS).map((spec) => ({
    ...spec,
    nearMiss: spec.query.stages.map(heldConjuncts),
  }));
}

async function events(label: string): Promise<Doc[]> {
  const file = ensureData(label);
  const docs: Doc[] = [];
  for await (const line of createInterface({ input: createReadStream(file) }))
    if (line) docs.push(normalizeRecord(JSON.parse(line)).doc);
  return docs;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main(): Promise<void> {
  if (!existsSync(WINDOWS)) {
    console.log(`skipped: ${WINDOWS} is not there`);
    return;
  }
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at >= 0 ? Number(args[at + 1]) : 5;
  const label = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds') ?? '20000';
  const specs = windowsSpecs();
  const docs = await events(label);
  const queries = specs.map((s) => ({
    query: s.query,
    conjuncts: s.nearMiss,
    categoryField: s.categoryField ?? 'event.category',
  }));
  if (!args.includes('--no-check')) {
    const counts = (dispatch: boolean) => {
      const c = new Collector(specs, { keepDocs: false, dispatch });
      docs.forEach((doc, record) => c.add(doc, { file: 0, record }));
      return JSON.stringify(c.drain().counts.map((x) => x.nearMiss));
    };
    if (counts(true) !== counts(false)) throw new Error('near-miss counts differ from the naive');
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const fixed = (xs: number[]) => xs.map((x) => Number(x.toFixed(3)));
  const build: number[] = [];
  const count: number[] = [];
  // With --collector: the whole first phase of a scan (the Collector), with and without the
  // near-miss counts, alternated, to see their share.
  const collector = args.includes('--collector');
  const without = specs.map((s) => ({ ...s, nearMiss: undefined }));
  const withoutCount: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (collector) {
      for (const [set, out] of [
        [specs, count],
        [without, withoutCount],
      ] as const) {
        const start = cpu();
        const c = new Collector(set, { keepDocs: false });
        docs.forEach((doc, record) => c.add(doc, { file: 0, record }));
        c.drain();
        out.push(cpu() - start);
      }
      continue;
    }
    let start = cpu();
    const plan = new NearMissPlan(queries);
    build.push(cpu() - start);
    start = cpu();
    for (const doc of docs) plan.add(doc);
    plan.take();
    count.push(cpu() - start);
  }
  console.log(
    JSON.stringify({
      rules: specs.length,
      events: docs.length,
      ...(collector
        ? {
            collectorCpuSeconds: fixed(count),
            withoutNearMiss: fixed(withoutCount),
            medians: fixed([median(count), median(withoutCount)]),
          }
        : {
            countCpuSeconds: fixed(count),
            median: Number(median(count).toFixed(3)),
            best: Number(Math.min(...count).toFixed(3)),
            buildMedian: Number(median(build).toFixed(3)),
          }),
      load: loadavg().map((l) => Number(l.toFixed(2))),
    }),
  );
}

await main();
