// How much the browser grows while the page scans, builds alternated (issue 13's page target:
// the browser grows by ≤ 400 MiB while scanning). Each round opens a fresh Chromium on each
// build, scans the files once (progress reports asked, as the UI does) and samples the
// resident memory of the browser's processes every 100 ms from /proc, by process kind:
//   npx vite build --outDir /tmp/a   (one version)   npx vite build --outDir /tmp/b   (other)
//   npx tsx bench/app-scan-memory.ts /tmp/a /tmp/b [--files a.ndjson[,b…]] [--rounds 3] [--incognito]
// Chromium runs on a profile folder of its own, so IndexedDB is written to disk as in a user's
// browser; `--incognito` runs the page in Playwright's usual off-the-record context instead,
// whose IndexedDB keeps every value in the browser process's memory (bench/browser-profile.ts).
// Prints per round the RSS at rest (app open, files picked), the peak during the scan and the
// growth, for the whole browser and for its kinds of process (browser, renderer, other).
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { floor } from './browser-floor.ts';
import { openScanPage } from './evtx-page-open.ts';
import { treeCpu } from './process-tree.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const builds = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const files = arg('--files', 'bench/data/telemetry-100k.ndjson').split(',');
const rounds = Number(arg('--rounds', '3'));
/** `--floor`: a bare read + JSON.parse of the files in one worker instead of the scan. */
const bare = process.argv.includes('--floor');
const incognito = process.argv.includes('--incognito');
const PAGE = 4096;
const MIB = 2 ** 20;

/** RSS of every descendant of this process, summed by the kind Chromium gives it. */
function byKind(): Record<string, number> {
  const procs = new Map<number, { ppid: number; rss: number; kind: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1];
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
      const kind = !type ? 'browser' : type === 'utility' ? `utility ${sub ?? ''}` : type;
      procs.set(Number(name), { ppid: Number(rest[1]), rss: Number(rest[21]) * PAGE, kind });
    } catch {
      // Gone between the listing and the read.
    }
  }
  const out: Record<string, number> = {};
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    const p = procs.get(pid)!;
    out[p.kind] = (out[p.kind] ?? 0) + p.rss;
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

const total = (k: Record<string, number>) => Object.values(k).reduce((a, b) => a + b, 0);

/** The floor of bench/app-scan.bench.ts, over the files picked for the scan. */
async function bareFloor(page: Page): Promise<number> {
  await page.evaluate(() => {
    const inputs = document.querySelectorAll<HTMLInputElement>('input[type=file]');
    (globalThis as unknown as Record<string, File[]>).__floorFiles = [
      ...inputs[inputs.length - 1].files!,
    ];
  });
  return (await floor(page, '__floorFiles')).ms;
}

interface Round {
  rest: number;
  peak: number;
  ms: number;
  cpu: number;
  kinds: Record<string, { rest: number; peak: number }>;
}

async function round(dist: string): Promise<Round> {
  const page = await openScanPage(dist, files, 'mem', true, !incognito);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const restKinds = byKind();
    const kinds: Round['kinds'] = {};
    for (const [k, v] of Object.entries(restKinds)) kinds[k] = { rest: v, peak: v };
    let peak = total(restKinds);
    const timer = setInterval(() => {
      const now = byKind();
      peak = Math.max(peak, total(now));
      for (const [k, v] of Object.entries(now)) {
        kinds[k] ??= { rest: 0, peak: 0 };
        kinds[k].peak = Math.max(kinds[k].peak, v);
      }
    }, 100);
    const cpu0 = treeCpu();
    const ms = bare ? await bareFloor(page.page) : await page.scan();
    const cpu = treeCpu() - cpu0;
    clearInterval(timer);
    return { rest: total(restKinds), peak, ms, cpu, kinds };
  } finally {
    await page.close();
  }
}

const results = builds.map(() => [] as Round[]);
for (let r = 0; r < rounds; r++)
  for (const [b, dist] of builds.entries()) {
    const x = await round(dist);
    results[b].push(x);
    const kinds = Object.entries(x.kinds)
      .sort((p, q) => q[1].peak - p[1].peak)
      .map(([k, v]) => `${k} ${(v.rest / MIB).toFixed(0)}→${(v.peak / MIB).toFixed(0)}`)
      .join(', ');
    console.log(
      `round ${r + 1} ${dist}: rest ${(x.rest / MIB).toFixed(0)} MiB, peak ${(x.peak / MIB).toFixed(0)}, ` +
        `grew ${((x.peak - x.rest) / MIB).toFixed(0)}; ${(x.ms / 1000).toFixed(2)} s wall, ` +
        `${(x.cpu / 1000).toFixed(2)} s cpu (load ${loadavg()[0].toFixed(2)}) [${kinds}]`,
    );
  }
for (const [b, dist] of builds.entries()) {
  const grew = results[b].map((x) => (x.peak - x.rest) / MIB).sort((x, y) => x - y);
  const peak = results[b].map((x) => x.peak / MIB).sort((x, y) => x - y);
  const cpu = results[b].map((x) => x.cpu / 1000).sort((x, y) => x - y);
  console.log(
    `${dist}: grew median ${grew[grew.length >> 1].toFixed(0)} MiB (${grew[0].toFixed(0)}–${grew.at(-1)!.toFixed(0)}), ` +
      `peak median ${peak[peak.length >> 1].toFixed(0)}; cpu median ${cpu[cpu.length >> 1].toFixed(2)} s`,
  );
}
