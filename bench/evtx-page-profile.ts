// Where the page's CPU goes on a raw .evtx scan: every thread's V8 samples (the page and each
// worker of the pool), from one Chromium trace of the app's real scan, summed by function.
// Build unminified first so the names mean something:
//   npx vite build --minify false --outDir /tmp/prof-dist
//   npx tsx bench/evtx-page-profile.ts /tmp/prof-dist [--mb 64] [--top 40] [--mark fnName]
// Each thread also gets a strip of its busy tenths per 100 ms (and of `--mark`'s, by name).
// `--cold` traces the page's first scan, not the one after a warm-up.
// `--files a.ndjson[,b.ndjson…]` scans those files instead (the app scan of issue 13, with its
// progress reports, as bench/app-scan.bench.ts runs it), e.g. bench/data/telemetry-100k.ndjson.
// `--rules bench/data/rules-windows-eql.ndjson` imports those rules first (as
// bench/ruleset-page-ab.ts does), so the scan runs them instead of the built-in rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { syntheticEvtx } from './evtx-data.ts';
import { importRules, openScanPage } from './evtx-page-open.ts';

interface Node {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: Node[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dist = process.argv[2];
const saved = dist.endsWith('.json') ? readFileSync(dist, 'utf8') : null;
const mb = Number(arg('--mb', '64'));
const top = Number(arg('--top', '40'));
const mark = arg('--mark', '');

async function traced(): Promise<TraceEvent[]> {
  const files = arg('--files', '');
  const {
    browser: maybe,
    page,
    scan,
    close,
  } = files
    ? await openScanPage(dist, files.split(','), 'prof', true)
    : await openScanPage(dist, syntheticEvtx(mb), 'prof');
  const browser = maybe!;
  try {
    const rules = arg('--rules', '');
    if (rules) console.log(`${await importRules(page, rules)} rules imported`);
    // --cold: the page's first scan is traced (as bench/app-scan.bench.ts times it).
    if (!process.argv.includes('--cold'))
      console.log(`warm-up scan ${(await scan()).toFixed(0)} ms`);
    await browser.startTracing(page, {
      categories: ['disabled-by-default-v8.cpu_profiler', '__metadata'],
    });
    console.log(`traced scan ${(await scan()).toFixed(0)} ms`);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as
      { traceEvents: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(trace) ? trace : trace.traceEvents;
    writeFileSync(arg('--trace', '/tmp/evtx-page-trace.json'), JSON.stringify(events));
    return events;
  } finally {
    await close();
  }
}
/** Whether `name` is on the stack of sample node `n`. */
function stackHas(nodes: Map<number, Node>, n: Node, name: string): boolean {
  for (let x: Node | undefined = n; x; x = x.parent ? nodes.get(x.parent) : undefined)
    if (x.callFrame.functionName === name) return true;
  return false;
}

/**
 * When in the scan a thread worked: one digit per 100 ms of its samples, the tenths of it spent
 * in samples that `counts` (not idle), so waits at the start or the end show where they are.
 */
function strip(
  p: { nodes: Map<number, Node>; samples: number[]; deltas: number[] },
  counts: (n: Node) => boolean,
): string {
  const buckets: number[] = [];
  let t = 0;
  p.samples.forEach((id, j) => {
    const dt = (p.deltas[j + 1] ?? 0) / 1000;
    const n = p.nodes.get(id);
    const b = Math.floor(t / 100);
    buckets[b] ??= 0;
    if (n && n.callFrame.functionName !== '(idle)' && counts(n)) buckets[b] += dt;
    t += dt;
  });
  return Array.from(buckets, (ms) => String(Math.min(9, Math.round((ms ?? 0) / 10)))).join('');
}

function report(events: TraceEvent[]): void {
  const threadName = new Map<string, string>();
  for (const e of events)
    if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  // Profile chunks, per profile id: nodes and (sample, delta) pairs.
  const profiles = new Map<
    string,
    { thread: string; nodes: Map<number, Node>; samples: number[]; deltas: number[] }
  >();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' && e.name !== 'Profile') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) {
      p = {
        thread: threadName.get(`${e.pid}:${e.tid}`) ?? `${e.tid}`,
        nodes: new Map(),
        samples: [],
        deltas: [],
      };
      profiles.set(key, p);
    }
    const d = e.args?.data;
    for (const n of d?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.samples.push(...(d?.cpuProfile?.samples ?? []));
    p.deltas.push(...(d?.timeDeltas ?? []));
  }
  for (const [key, p] of profiles) {
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let all = 0;
    p.samples.forEach((id, j) => {
      const dt = (p.deltas[j + 1] ?? 0) / 1000;
      all += dt;
      const n = p.nodes.get(id);
      if (!n) return;
      const name = (x: Node) =>
        `${x.callFrame.functionName || '(anon)'} ${(x.callFrame.url ?? '').split('/').pop()}:${x.callFrame.lineNumber}`;
      self.set(name(n), (self.get(name(n)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let x: Node | undefined = n; x; x = x.parent ? p.nodes.get(x.parent) : undefined) {
        const k = name(x);
        if (seen.has(k)) continue;
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + dt);
      }
    });
    // Chromium's traces name the idle node without a url or line ('(idle) :undefined').
    let idle = 0;
    for (const [k, ms] of self) if (k.startsWith('(idle) ')) idle += ms;
    console.log(
      `\n== ${p.thread} (${key}): ${all.toFixed(0)} ms sampled, ${(all - idle).toFixed(0)} ms busy`,
    );
    console.log(`  busy per 100 ms (tenths): ${strip(p, () => true)}`);
    if (mark)
      console.log(`  ${mark} per 100 ms:          ${strip(p, (n) => stackHas(p.nodes, n, mark))}`);
    const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [k, ms] of rows)
      console.log(
        `  self ${ms.toFixed(0).padStart(6)} ms  total ${(total.get(k) ?? 0).toFixed(0).padStart(6)}  ${k}`,
      );
    console.log('  -- by total:');
    for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  total ${ms.toFixed(0).padStart(6)} ms  ${k}`);
  }
}

report(saved ? (JSON.parse(saved) as TraceEvent[]) : await traced());
