// The page against the CLI on the same raw .evtx (issue 12: the page within 1.5× of the CLI).
// The built page (dist/) in headless Chromium scans the file with its built-in rules through
// the app's real scan (worker pool, IndexedDB), as bench/app-scan.bench.ts does for NDJSON;
// the built CLI (`sequent scan --rules builtin`, one thread, then `--threads 2`) scans the
// same file. A large .evtx is read by the page's whole pool in chunk ranges (split-read.ts),
// as the CLI's threads read it. Wall time of the best of three runs each, both on SYNTHETIC
// .evtx (bench/evtx-data.ts) and on the real EVTX-ATTACK-SAMPLES corpus (277 files).
// Beside each wall time, the CPU time it took (Linux /proc: the browser's process tree, the
// CLI's process): on a shared machine the wall time says as much about the neighbours.
//   npx tsx bench/evtx-page.bench.ts [--mb N] [--no-corpus]   synthetic size (default 64 MiB)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { openApp } from '../tests/services/browser-client.ts';
import { syntheticEvtx } from './evtx-data.ts';
import { chosenFiles } from './evtx-page-open.ts';
import { treeCpu } from './process-tree.ts';
import { root } from './scan-data.ts';

const CORPUS = `${root}../shared/evtx-corpus/evtx/`;
const RUNS = 3;
/** Linux clock ticks (CLK_TCK 100) in ms. */
const TICK_MS = 10;

/** [ppid, own cpu ms, waited-for children's cpu ms] of a process, from /proc/<pid>/stat. */
function procStat(pid: string | number): [number, number, number] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [
      Number(f[1]),
      (Number(f[11]) + Number(f[12])) * TICK_MS,
      (Number(f[13]) + Number(f[14])) * TICK_MS,
    ];
  } catch {
    return null; // not Linux, or the process just ended
  }
}

// tsx keeps function names with a `__name` helper; page functions need it defined there too.
const KEEP_NAMES = 'globalThis.__name = (fn) => fn;';

/** Puts files from disk into the page as File objects under `key`. */
async function pick(page: Page, key: string, paths: string[]): Promise<void> {
  const input = await chosenFiles(page, paths);
  await page.evaluate(
    ([el, k]) => {
      (globalThis as unknown as Record<string, File[]>)[k] = [...(el as HTMLInputElement).files!];
    },
    [input, key] as const,
  );
}

/** One scan into a fresh session, which is deleted after (its events fill the storage). */
async function pageScan(
  page: Page,
  key: string,
): Promise<{ ms: number; cpu: number; records: number; readers: number }> {
  const cpu0 = treeCpu();
  const r = await page.evaluate(async (k) => {
    const svc = globalThis.__svc;
    const session = (await svc.call('createSession', ['bench'])) as { id: string };
    const files = (globalThis as unknown as Record<string, File[]>)[k];
    const started = performance.now();
    const outcome = (await svc.call('scanFiles', [session.id, files])) as {
      files: { records: number }[];
      readers: number;
    };
    const ms = performance.now() - started;
    await svc.call('deleteSession', [session.id]);
    return {
      ms,
      records: outcome.files.reduce((n, f) => n + f.records, 0),
      readers: outcome.readers,
    };
  }, key);
  // Deleting the session is in the page's time too; a small share next to a scan.
  return { ...r, cpu: treeCpu() - cpu0 };
}

function cliScan(paths: string[], threads: number): { ms: number; cpu: number; events: number } {
  const bin = `${root}bin/sequent.mjs`;
  const cpu0 = procStat(process.pid)?.[2] ?? 0;
  const started = performance.now();
  const args = ['scan', '--rules', 'builtin', '--stats', '--threads', String(threads)];
  const r = spawnSync('node', [bin, ...args, ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - started;
  const stats = JSON.parse(r.stderr.trim().split('\n').pop()!) as { events: number };
  return { ms, cpu: (procStat(process.pid)?.[2] ?? 0) - cpu0, events: stats.events };
}

const bestOf = async <T extends { ms: number }>(run: () => Promise<T> | T): Promise<T> => {
  let best: T | null = null;
  for (let i = 0; i < RUNS; i++) {
    const r = await run();
    if (!best || r.ms < best.ms) best = r;
  }
  return best!;
};

async function main(): Promise<void> {
  const i = process.argv.indexOf('--mb');
  const mb = i > 0 ? Number(process.argv[i + 1]) : 64;
  if (!existsSync(`${root}dist/index.html`))
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(`${root}dist-cli/sequent.mjs`))
    execFileSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'inherit' });
  const sets: Array<{ label: string; paths: string[] }> = [
    { label: `synthetic ${mb} MiB .evtx`, paths: [syntheticEvtx(mb)] },
  ];
  if (process.argv.includes('--no-corpus')) console.log('skipping the real corpus (--no-corpus)');
  else if (existsSync(CORPUS)) {
    // Byte-identical files once: the page reads a file it already holds as a duplicate.
    const byHash = new Map<string, string>();
    for (const f of readdirSync(CORPUS)
      .filter((x) => x.endsWith('.evtx'))
      .sort()) {
      const hash = createHash('sha256')
        .update(readFileSync(CORPUS + f))
        .digest('hex');
      if (!byHash.has(hash)) byHash.set(hash, CORPUS + f);
    }
    const files = [...byHash.values()];
    sets.push({ label: `EVTX-ATTACK-SAMPLES (${files.length} distinct files)`, paths: files });
  } else console.log(`skipping the real corpus: ${CORPUS} is not here`);

  const server = await serveStatic(`${root}dist`, '/');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.addInitScript(KEEP_NAMES);
    await openApp(page, server.url);
    const workers = await page.evaluate(() => globalThis.__svc.workers.length);
    console.log(
      `page (Chromium, pool of ${workers} workers) vs CLI (1 and 2 threads), built-in rules, best of ${RUNS}; ` +
        `load average ${loadavg()[0].toFixed(2)}`,
    );
    for (const [n, set] of sets.entries()) {
      const bytes = set.paths.reduce((a, p) => a + statSync(p).size, 0);
      const key = `set${n}`;
      await pick(page, key, set.paths);
      const web = await bestOf(() => pageScan(page, key));
      const cli = await bestOf(() => cliScan(set.paths, 1));
      const cli2 = await bestOf(() => cliScan(set.paths, 2));
      if (web.records !== cli.events || cli2.events !== cli.events)
        throw new Error(
          `${set.label}: the page read ${web.records} records, the CLI ${cli.events} (2 threads: ${cli2.events})`,
        );
      const mbps = (ms: number) => (bytes / 2 ** 20 / (ms / 1000)).toFixed(1).padStart(6);
      console.log(`\n${set.label}: ${(bytes / 2 ** 20).toFixed(1)} MiB, ${cli.events} records`);
      const line = (label: string, ms: number, cpu: number) =>
        console.log(
          `  ${label.padEnd(18)} ${(ms / 1000).toFixed(2).padStart(6)} s ${mbps(ms)} MB/s, cpu ${(cpu / 1000).toFixed(2)} s`,
        );
      line('CLI, 1 thread', cli.ms, cli.cpu);
      line('CLI, --threads 2', cli2.ms, cli2.cpu);
      line(`page, ${web.readers} reader${web.readers > 1 ? 's' : ''}`, web.ms, web.cpu);
      console.log(`  CLI 1 thread / 2 threads: ${(cli.ms / cli2.ms).toFixed(2)}×`);
      const x = web.ms / cli.ms;
      console.log(`  page / CLI: ${x.toFixed(2)}× (target ≤ 1.5: ${x <= 1.5 ? 'ok' : 'OVER'})`);
      console.log(`  page / CLI --threads 2: ${(web.ms / cli2.ms).toFixed(2)}×`);
    }
    console.log(`load average after: ${loadavg()[0].toFixed(2)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
