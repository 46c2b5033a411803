// The app's own scan, in headless Chromium: the built page (dist/), its worker pool and
// IndexedDB, scanning the scan benchmark's synthetic telemetry (bench/data, generated when
// missing) as one file and as the same lines split into four files (spread over the pool).
// Prints events/s, MB/s, the peak RSS of the whole browser, and the ratio to the floor: a
// bare read + JSON.parse of the same bytes in one worker of the same browser. Then the same
// scans with Elastic's Windows EQL rules imported (when bench/scan-rulesets.ts has written them).
// Usage: tsx bench/app-scan.bench.ts [100k|1m|path/to/file.ndjson] [--incognito]   (default 100k)
// Chromium runs on a profile folder of its own, so IndexedDB is on disk as in a user's browser;
// `--incognito` runs the page in Playwright's usual off-the-record context, whose IndexedDB
// keeps every value written in the browser process's memory (bench/browser-profile.ts).
// An NDJSON/JSONL file of another shape (e.g. bench/data/normalize-evtx_dump-200mb.jsonl,
// written by bench/normalize.ts) shows what mapping and storing a non-ECS shape costs.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { openApp } from '../tests/services/browser-client.ts';
import { dataDir, ensureData, plantedCount, root } from './scan-data.ts';
import { peakRss } from './process-tree.ts';
import { launchWithProfile } from './browser-profile.ts';
import { floor, KEEP_NAMES } from './browser-floor.ts';
import { chosenFiles } from './evtx-page-open.ts';

const PARTS = 4;
const label = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '100k';
const incognito = process.argv.includes('--incognito');

/** The telemetry's lines dealt round-robin into PARTS files (each still in time order). */
async function splitFile(file: string): Promise<string[]> {
  // In bench/data (ignored by git) whatever folder the file came from; never the file itself.
  const name = basename(file).replace(/(\.[^.]+)?$/, (ext) => `.part{n}${ext}`);
  const parts = Array.from({ length: PARTS }, (_, i) =>
    join(dataDir, name.replace('{n}', String(i + 1))),
  );
  if (parts.every((p) => existsSync(p) && statSync(p).mtimeMs >= statSync(file).mtimeMs)) {
    return parts;
  }
  const outs = parts.map((p) => createWriteStream(p));
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line) continue;
    const out = outs[n++ % PARTS];
    if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await Promise.all(outs.map((o) => new Promise((r) => o.end(r))));
  return parts;
}

/** Puts files from disk into the page as File objects (the browser reads them from disk). */
async function pick(page: Page, key: string, paths: string[]) {
  const input = await chosenFiles(page, paths);
  await page.evaluate(
    ([el, k]) => {
      const files = [...(el as HTMLInputElement).files!];
      (globalThis as unknown as Record<string, File[]>)[k] = files;
    },
    [input, key] as const,
  );
}

interface ScanResult {
  ms: number;
  /** Until the rule reports were complete (their near-miss counts taken). */
  countedMs: number;
  events: number;
  alerts: number;
  readers: number;
}

async function appScan(page: Page, key: string): Promise<ScanResult> {
  return page.evaluate(async (k) => {
    const svc = globalThis.__svc;
    const session = (await svc.call('createSession', ['bench'])) as { id: string };
    const files = (globalThis as unknown as Record<string, File[]>)[k];
    const started = performance.now();
    const outcome = (await svc.call('scanFiles', [session.id, files], true)) as {
      alerts: number;
      readers?: number;
      files: { records: number }[];
    };
    const ms = performance.now() - started;
    // A build that counts near misses after the scan: until the rule reports are complete too
    // (a build counting them during the scan has no such call: its reports were then).
    const countedMs = await svc.call('nearMissCounts', [session.id]).then(
      () => performance.now() - started,
      () => ms,
    );
    // Free the browser's storage for the next run: the sessions hold every event.
    await svc.call('deleteSession', [session.id]);
    return {
      ms,
      countedMs,
      events: outcome.files.reduce((n, f) => n + f.records, 0),
      alerts: outcome.alerts,
      readers: outcome.readers ?? 1,
    };
  }, key);
}

function line(name: string, r: { ms: number; events: number }, bytes: number, floorMs: number) {
  const s = r.ms / 1000;
  return (
    `${name.padEnd(26)} ${(r.events / s / 1000).toFixed(1).padStart(6)}k events/s  ` +
    `${(bytes / s / 1e6).toFixed(1).padStart(6)} MB/s  ${s.toFixed(2).padStart(6)} s  ` +
    `${(r.ms / floorMs).toFixed(2)}× the floor`
  );
}

/** When the reports were complete, if later than the alerts (more than the call's round trip). */
function counted(r: ScanResult, floorMs: number): string {
  if (r.countedMs - r.ms < 100) return '';
  return `; reports complete at ${(r.countedMs / 1000).toFixed(2)} s (${(r.countedMs / floorMs).toFixed(2)}×)`;
}

async function main() {
  // SEQUENT_DIST: another build of the static site to measure (an experiment's, say).
  const dist = process.env.SEQUENT_DIST ?? `${root}dist`;
  if (!existsSync(`${dist}/index.html`)) {
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  }
  const file = existsSync(label) ? label : ensureData(label);
  const parts = await splitFile(file);
  const bytes = statSync(file).size;
  const planted = plantedCount(file);
  const server = await serveStatic(dist, '/');
  const profile = incognito ? null : await launchWithProfile();
  const browser = profile
    ? null
    : await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Playwright starts Chromium as a child of this process.
  const rss = peakRss(process.pid);
  try {
    const page = profile
      ? (profile.context.pages()[0] ?? (await profile.context.newPage()))
      : await browser!.newPage();
    await page.addInitScript(KEEP_NAMES);
    await openApp(page, server.url);
    await pick(page, 'one', [file]);
    await pick(page, 'four', parts);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(
      `app scan in Chromium: ${label.split('/').pop()} (synthetic), ${(bytes / 1e6).toFixed(0)} MB, ` +
        `${cores} cores, pool of ${await page.evaluate(() => globalThis.__svc.workers.length)} workers, ` +
        `IndexedDB ${profile ? 'on disk' : 'in memory (off the record)'}`,
    );
    const resting = rss.now();
    const f = await floor(page, 'one');
    console.log(line('floor (read + JSON.parse)', f, bytes, f.ms));
    for (const [key, name] of [
      ['one', '1 file'],
      ['four', `${PARTS} files`],
    ] as const) {
      const r = await appScan(page, key);
      console.log(
        `${line(`scan, ${name}`, r, bytes, f.ms)}  (${r.readers} readers)${counted(r, f.ms)}`,
      );
      if (r.events !== f.events) throw new Error(`scan read ${r.events} events, floor ${f.events}`);
      if (planted !== null && r.alerts !== planted) {
        throw new Error(`scan raised ${r.alerts} alerts, ${planted} sequences were planted`);
      }
    }
    // Issue 13's page target: Elastic's Windows EQL rules (written by bench/scan-rulesets.ts)
    // imported beside the built-in ones, the same scans again.
    const windowsRules = `${dataDir}rules-windows-eql.ndjson`;
    if (existsSync(windowsRules)) {
      await pick(page, 'rules', [windowsRules]);
      const imported = await page.evaluate(async () => {
        const files = (globalThis as unknown as Record<string, File[]>).rules;
        const report = (await globalThis.__svc.call('importRules', [files])) as {
          imported: unknown[];
        };
        return report.imported.length;
      });
      for (const [key, name] of [
        ['one', '1 file'],
        ['four', `${PARTS} files`],
      ] as const) {
        const r = await appScan(page, key);
        console.log(
          `${line(`+${imported} Windows EQL, ${name}`, r, bytes, f.ms)}  (${r.readers} readers)` +
            counted(r, f.ms),
        );
        if (r.events !== f.events)
          throw new Error(`scan read ${r.events} events, floor ${f.events}`);
      }
    } else {
      console.log(
        `Windows EQL rules: skipped, ${windowsRules} is written by bench/scan-rulesets.ts`,
      );
    }
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `peak RSS of the browser (all processes): ${mib(rss.peak())}; ` +
        `${mib(resting)} with the app open before the first scan`,
    );
  } finally {
    rss.stop();
    await (profile ? profile.close() : browser!.close());
    await server.close();
  }
}

await main();
