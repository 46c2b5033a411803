// A collection of many small logs (a KAPE or Velociraptor triage folder), scanned the way a
// responder does it: the built page in headless Chromium, the folder chosen on the Scan page,
// timed until the page says the scan finished. What it shows is the cost per file (rows,
// progress, checkpoints, IndexedDB round trips), not reading: each file holds a few lines of
// the scan benchmark's SYNTHETIC telemetry. Also prints the main thread's tasks over 50 ms.
// Usage: tsx bench/app-many-files.bench.ts [files (400)] [events per file (1)] [runs (3)]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { dataDir, ensureData, root } from './scan-data.ts';

const files = Number(process.argv[2] ?? 400);
const perFile = Number(process.argv[3] ?? 1);
const runs = Number(process.argv[4] ?? 3);

/** bench/data/many-<files>x<perFile>/: the telemetry's first lines, a few to a file. */
function folder(): string {
  const dir = `${dataDir}many-${files}x${perFile}/`;
  if (existsSync(dir) && readdirSync(dir).length === files) return dir;
  const need = files * perFile;
  const source = ensureData(need > 10_000 ? '100k' : '10000');
  const lines = readFileSync(source, 'utf8').split('\n', need);
  if (lines.length < need) throw new Error(`${source} has fewer than ${need} lines`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) {
    const name = `host-${String(i).padStart(4, '0')}.ndjson`;
    writeFileSync(dir + name, lines.slice(i * perFile, (i + 1) * perFile).join('\n') + '\n');
  }
  return dir;
}

/** One scan of the folder from a fresh page: seconds until "Finished", longest task in ms. */
async function scanOnce(page: Page, url: string, dir: string) {
  await page.goto(url);
  await page.locator('.app[data-ready="true"]').waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const w = globalThis as unknown as { __long: [number, number][] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  });
  await page.getByRole('tab', { name: /^Scan/ }).click();
  const started = Date.now();
  const pickedAt = await page.evaluate(() => performance.now());
  await page.getByTestId('folder-input').setInputFiles(dir);
  const outcome = page.getByTestId('scan-outcome');
  await outcome.waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;
  const text = (await outcome.textContent()) ?? '';
  const done = await page.locator('[data-testid="file-row"][data-status="done"]').count();
  if (done !== files) throw new Error(`${done} of ${files} files done; the page says: ${text}`);
  const long = await page.evaluate(() => (globalThis as unknown as { __long: number[][] }).__long);
  // Tasks over 50 ms, each as "duration@seconds after the pick", longest first.
  const worst = long
    .sort((a, b) => b[1] - a[1])
    .map(([at, ms]) => `${ms.toFixed(0)}@${((at - pickedAt) / 1000).toFixed(1)}s`);
  return { seconds, longest: long[0]?.[1] ?? 0, worst };
}

async function main() {
  const dist = process.env.SEQUENT_DIST ?? `${root}dist`;
  if (!existsSync(`${dist}/index.html`)) {
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  }
  const dir = folder();
  const server = await serveStatic(dist, '/');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    console.log(
      `app scan of a folder in Chromium: ${files} files × ${perFile} event(s) (synthetic), ` +
        `load ${loadavg()[0].toFixed(2)}`,
    );
    for (let run = 1; run <= runs; run++) {
      // A fresh context each run: its own empty IndexedDB, as on a first visit.
      const context = await browser.newContext();
      const page = await context.newPage();
      const r = await scanOnce(page, server.url, dir);
      console.log(
        `run ${run}: ${r.seconds.toFixed(2)} s, ${(files / r.seconds).toFixed(0)} files/s, ` +
          `${((r.seconds * 1000) / files).toFixed(1)} ms a file, ` +
          `longest main-thread task ${r.longest.toFixed(0)} ms; ` +
          `${r.worst.length} over 50 ms (${r.worst.slice(0, 8).join(' ')})`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
