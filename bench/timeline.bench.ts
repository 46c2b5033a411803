// The timeline on a large session, in headless Chromium: the built page (dist/), its worker and
// IndexedDB. The session is SYNTHETIC: a worker of the page writes the events straight into the
// store as packed chunks (tests/fixtures/ui/timeline-seed.ts), since what is measured here starts
// at stored events, not at the scan (bench/app-scan measures that). Then the page is reloaded and
// the timeline opened cold, as a responder would: the first density paint includes the worker
// building its per-host index from every stored chunk (or reading the one it saved before).
// Prints: first density paint (cold, and again after a reload), every zoom/pan step until its
// density is drawn, a drag's settle time, window-events queries for a minute and an hour, the
// page's JS heap before and after, the browser's peak RSS, and the page's long tasks.
// Usage: tsx bench/timeline.bench.ts [events] [hosts]   (default 10000000 on 8 hosts: over a
// million events a host, so the saved index is written and read in several parts)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { call, openApp } from '../tests/services/browser-client.ts';
import { DB_NAME } from '../src/store/open.ts';
import { seedTimelineSession } from '../tests/fixtures/ui/timeline-seed.ts';
import {
  dragSettle,
  longTasks,
  pageHeap,
  recordLongTasks,
  resetLongTasks,
  timeToDensity,
  windowQuery,
  type TimelineAction,
} from '../tests/fixtures/ui/timeline-measure.ts';
import { root } from './scan-data.ts';
import { peakRss } from './process-tree.ts';

const EVENTS = Number(process.argv[2] ?? 10_000_000);
const HOSTS = Number(process.argv[3] ?? 8);
// SEQUENT_SEED_PLACES=0 stores the chunks without their timeline places, as before places
// existed: the cold open then parses every chunk.
const PLACES = process.env.SEQUENT_SEED_PLACES !== '0';
const START = Date.UTC(2025, 0, 1);
const SPAN = 60 * 86_400_000;
// tsx compiles with esbuild's keepNames; functions sent to the page need its helper there.
const KEEP_NAMES = 'globalThis.__name = (fn) => fn;';

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const summary = (xs: number[]) =>
  `median ${ms([...xs].sort((a, b) => a - b)[xs.length >> 1])}, max ${ms(Math.max(...xs))}`;

async function reopen(page: Page, url: string) {
  await page.goto(url);
  await page.locator('.app[data-ready="true"]').waitFor({ timeout: 60_000 });
}

/** Waits until the worker has saved the session's timeline index (it does after answering). */
async function savedIndex(page: Page, sessionId: string) {
  for (let i = 0; i < 600; i++) {
    const saved = await page.evaluate(
      ([id, name]) =>
        new Promise<boolean>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction('kv').objectStore('kv').count(`timeline-index:${id}`);
            get.onsuccess = () => {
              db.close();
              resolve(get.result === 1);
            };
            get.onerror = () => reject(get.error);
          };
        }),
      [sessionId, DB_NAME] as const,
    );
    if (saved) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the timeline index was not saved within five minutes');
}

async function steps(page: Page, label: string, action: TimelineAction, n: number) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timeToDensity(page, action));
  console.log(
    `${label.padEnd(34)} ${summary(times)}  (${times.map((t) => t.toFixed(0)).join(' ')})`,
  );
  return times;
}

async function main() {
  const dist = process.env.SEQUENT_DIST ?? `${root}dist`;
  if (!existsSync(`${dist}/index.html`)) {
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  }
  const server = await serveStatic(dist, '/');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const rss = peakRss(process.pid);
  const all: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.addInitScript(KEEP_NAMES);
    await page.addInitScript(recordLongTasks);
    await openApp(page, server.url);
    const seeded = await seedTimelineSession(page, call, {
      events: EVENTS,
      hosts: HOSTS,
      start: START,
      spanMs: SPAN,
      places: PLACES,
    });
    console.log(
      `timeline in Chromium: ${EVENTS.toLocaleString('en')} synthetic events, ${HOSTS} hosts, ` +
        `${SPAN / 86_400_000} days, ${PLACES ? 'with' : 'without'} chunk places; stored in ${(seeded.ms / 1000).toFixed(1)} s (not the app's cost)`,
    );

    // Cold: the index built from every chunk's places (or documents). After a scan the worker
    // builds and saves it in the background, so a first open then costs what a reload does.
    for (const round of ['cold (worker builds its index)', 'after a reload']) {
      await reopen(page, server.url);
      const before = await pageHeap(page);
      await resetLongTasks(page);
      // The heap's forced collection is a long task of its own, reported late: only tasks that
      // start after this count as the tab's.
      const since = await page.evaluate(() => performance.now());
      const first = await timeToDensity(page, { tab: 'Timeline' });
      console.log(`first density paint, ${round}`.padEnd(34), ms(first));
      // Opening the tab must not hold the main thread: its tasks over 50 ms until drawn (the
      // observer reports a task after it ends, so give it a moment).
      await page.waitForTimeout(500);
      const opening = await longTasks(page, since);
      console.log(
        `${'  tasks over 50 ms opening the tab'.padEnd(34)} ${opening.length ? opening.join(', ') + ' ms' : 'none'}`,
      );
      if (round.startsWith('cold')) {
        console.log(`page heap before the timeline ${mib(before)}`);
        const saving = Date.now();
        await savedIndex(page, seeded.sessionId);
        console.log(
          `${'index saved (in the background)'.padEnd(34)} ${ms(Date.now() - saving)} later`,
        );
      }
    }
    const opened = await pageHeap(page);
    await resetLongTasks(page);
    all.push(...(await steps(page, 'zoom in (wheel), per step', { wheel: -400 }, 10)));
    all.push(...(await steps(page, 'pan earlier (button), per step', { button: 'Earlier' }, 6)));
    all.push(...(await steps(page, 'zoom out (button), per step', { button: 'Zoom out' }, 10)));
    all.push(...(await steps(page, 'pan later (button), per step', { button: 'Later' }, 6)));
    all.push(...(await steps(page, 'whole case', { button: 'Whole case' }, 1)));
    const drags: number[] = [];
    for (let i = 0; i < 4; i++) drags.push(await dragSettle(page, i % 2 ? 300 : -300, 30));
    console.log(`${'drag 300 px, release to drawn'.padEnd(34)} ${summary(drags)}`);
    all.push(...drags);

    const mid = START + SPAN * 0.55;
    for (const [label, span] of [
      ['1 minute', 60_000],
      ['1 hour', 3_600_000],
    ] as const) {
      for (const host of [undefined, 'ws-001']) {
        const runs = [];
        for (let i = 0; i < 3; i++) {
          runs.push(await windowQuery(page, seeded.sessionId, { from: mid, to: mid + span, host }));
        }
        const r = runs[runs.length - 1];
        console.log(
          `window events, ${label}, ${host ?? 'all hosts'}`.padEnd(34),
          `${summary(runs.map((x) => x.ms))}  (${r.inWindow} in window, page of ${r.rows})`,
        );
        all.push(...runs.map((x) => x.ms));
      }
    }
    const text = await windowQuery(page, seeded.sessionId, {
      from: mid,
      to: mid + 3_600_000,
      text: 'proc42.exe',
    });
    console.log(
      `${'window events, 1 hour, text filter'.padEnd(34)} ${ms(text.ms)}  (${text.rows} rows; reads documents)`,
    );

    const after = await pageHeap(page);
    const tasks = await longTasks(page);
    console.log(`page heap: ${mib(opened)} with the timeline open, ${mib(after)} after it all`);
    console.log(`peak RSS of the browser (all processes): ${mib(rss.peak())}`);
    console.log(
      `main-thread tasks over 50 ms while interacting: ${tasks.length}` +
        (tasks.length ? ` (longest ${Math.max(...tasks)} ms)` : ''),
    );
    console.log(
      `slowest interaction: ${ms(Math.max(...all))}; over 200 ms: ${all.filter((t) => t > 200).length} of ${all.length}`,
    );
  } finally {
    rss.stop();
    await browser.close();
    await server.close();
  }
}

await main();
