// Two builds of the page against each other on the same raw .evtx, by CPU time (the browser's
// whole process tree, Linux /proc), alternating builds so both see the same neighbours:
//   npx vite build --outDir /tmp/a   (one version)   npx vite build --outDir /tmp/b   (other)
//   npx tsx bench/evtx-page-ab.ts /tmp/a /tmp/b [--mb 64] [--rounds 3]
// `--files a.ndjson[,b.ndjson…]` scans those files instead, with progress reports (issue 13's
// app scan: bench/data/telemetry-100k.ndjson, or its four .partN files).
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { syntheticEvtx } from './evtx-data.ts';
import { openScanPage } from './evtx-page-open.ts';

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
const files = arg('--files', '');
const rounds = Number(arg('--rounds', '3'));
const results = builds.map(() => [] as { ms: number; cpu: number }[]);

async function round(dist: string): Promise<{ ms: number; cpu: number }> {
  const { scan: once, close } = files
    ? await openScanPage(dist, files.split(','), 'ab', true)
    : await openScanPage(dist, syntheticEvtx(Number(arg('--mb', '64'))), 'ab');
  try {
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
