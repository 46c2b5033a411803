// Two builds of the page against each other with Elastic's Windows EQL rules imported (issue 13),
// by CPU time of the browser's whole process tree (Linux /proc), alternating builds so both see
// the same neighbours. The page always counts near misses, so this is where their cost shows.
//   npx vite build --outDir /tmp/a   (one version)   npx vite build --outDir /tmp/b   (other)
//   SCAN_BENCH_SETS=windows npx tsx bench/scan-rulesets.ts 20000   (writes the rules file)
//   npx tsx bench/ruleset-page-ab.ts /tmp/a /tmp/b [--events 20000] [--rounds 3]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openScanPage } from './evtx-page-open.ts';
import { dataDir, ensureData } from './scan-data.ts';

const TICK_MS = 10;

/** CPU ms used so far by every process under this one (the browser of the round). */
function treeCpu(): number {
  const parent = new Map<number, number>();
  const own = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(f[1]));
      own.set(Number(pid), (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch {
      // ended meanwhile
    }
  }
  let ms = 0;
  for (const [pid, cpu] of own) {
    let p = parent.get(pid);
    while (p !== undefined && p !== process.pid && p > 1) p = parent.get(p);
    if (p === process.pid) ms += cpu;
  }
  return ms;
}

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const builds = process.argv.slice(2, 4);
const file = ensureData(arg('--events', '20000'));
const rounds = Number(arg('--rounds', '3'));
const rules = `${dataDir}rules-windows-eql.ndjson`;
if (!existsSync(rules)) throw new Error(`${rules} is written by bench/scan-rulesets.ts`);
const results = builds.map(() => [] as { ms: number; cpu: number }[]);

async function round(dist: string): Promise<{ ms: number; cpu: number }> {
  const { page, scan: once, close } = await openScanPage(dist, file, 'ab');
  try {
    const input = await page.evaluateHandle(() => {
      const el = document.createElement('input');
      el.type = 'file';
      document.body.append(el);
      return el;
    });
    await input.setInputFiles([rules]);
    const imported = await page.evaluate(async (el) => {
      const files = [...(el as HTMLInputElement).files!];
      const report = (await globalThis.__svc.call('importRules', [files])) as {
        imported: unknown[];
      };
      return report.imported.length;
    }, input);
    if (imported < 300) throw new Error(`only ${imported} rules imported`);
    const scan = async () => {
      const cpu0 = treeCpu();
      const ms = await once();
      return { ms, cpu: treeCpu() - cpu0 };
    };
    await scan(); // warm-up: compiles, opens the database
    return await scan();
  } finally {
    await close();
  }
}

for (let r = 0; r < rounds; r++)
  for (const [b, dist] of builds.entries()) {
    const x = await round(dist);
    results[b].push(x);
    console.log(
      `round ${r + 1} ${dist}: ${(x.ms / 1000).toFixed(2)} s wall, ${(x.cpu / 1000).toFixed(2)} s cpu (load ${loadavg()[0].toFixed(2)})`,
    );
  }
for (const [b, dist] of builds.entries()) {
  const cpu = results[b].map((x) => x.cpu / 1000).sort((x, y) => x - y);
  const ms = results[b].map((x) => x.ms / 1000).sort((x, y) => x - y);
  console.log(
    `${dist}: cpu best ${cpu[0].toFixed(2)} median ${cpu[cpu.length >> 1].toFixed(2)} s; wall best ${ms[0].toFixed(2)} median ${ms[ms.length >> 1].toFixed(2)} s`,
  );
}
