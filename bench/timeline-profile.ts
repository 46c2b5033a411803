// Where the timeline page's main-thread time goes: seeds a synthetic session (as
// bench/timeline.bench.ts does), opens the timeline, then zooms, pans and drags it while Chromium
// traces the page. Prints, for opening and for interacting, each main-thread task over 50 ms with
// what ran in it (script by function, layout, paint, commit), and the page functions with the
// most self time in a CPU profile. Build unminified for names: vite build --minify false
// --outDir DIR, then SEQUENT_DIST=DIR.
// Usage: tsx bench/timeline-profile.ts [events] [hosts]   (default 1000000 on 50 hosts)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { call, openApp } from '../tests/services/browser-client.ts';
import { seedTimelineSession } from '../tests/fixtures/ui/timeline-seed.ts';
import { dragSettle, timeToDensity } from '../tests/fixtures/ui/timeline-measure.ts';
import { root } from './scan-data.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const HOSTS = Number(process.argv[3] ?? 50);
const START = Date.UTC(2025, 0, 1);
const SPAN = 60 * 86_400_000;
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } };
}

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Runs `work` under a trace and a CPU profile of the page, and prints what took the time. */
async function traced(
  browser: Browser,
  page: Page,
  cdp: CDPSession,
  label: string,
  work: () => Promise<void>,
) {
  const path = join(mkdtempSync(join(tmpdir(), 'timeline-trace-')), 'trace.json');
  await cdp.send('Profiler.start');
  await browser.startTracing(page, { path, categories: CATEGORIES });
  await work();
  await browser.stopTracing();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] };
  const events = parsed.traceEvents;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const spans = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const tasks = spans.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur! > 50_000);
  console.log(`${label}: ${tasks.length} main-thread tasks over 50 ms`);
  for (const task of tasks) {
    const inside = spans.filter(
      (e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! > 3000,
    );
    const what = inside.map((e) => {
      const d = e.args?.data;
      const fn = d?.functionName
        ? `(${d.functionName})`
        : d?.url
          ? `[${d.url.split('/').pop()}:${d.lineNumber}]`
          : '';
      return `${e.name}${fn} ${(e.dur! / 1000).toFixed(0)}`;
    });
    console.log(`  ${(task.dur! / 1000).toFixed(0)} ms: ${what.join(', ')}`);
  }
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!;
    if (f.functionName === '(idle)') return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${v.toFixed(0).padStart(6)} ms self  ${k}`);
  }
}

async function main() {
  const dist = process.env.SEQUENT_DIST ?? `${root}dist`;
  if (!existsSync(`${dist}/index.html`)) {
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  }
  const server = await serveStatic(dist, '/');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // tsx compiles with esbuild's keepNames; functions sent to the page need its helper there.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await openApp(page, server.url);
    await seedTimelineSession(page, call, {
      events: EVENTS,
      hosts: HOSTS,
      start: START,
      spanMs: SPAN,
    });
    console.log(`${EVENTS.toLocaleString('en')} synthetic events on ${HOSTS} hosts`);
    await page.goto(server.url);
    await page.locator('.app[data-ready="true"]').waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await traced(browser, page, cdp, 'opening the timeline', async () => {
      await timeToDensity(page, { tab: 'Timeline' });
      await new Promise((r) => setTimeout(r, 1000));
    });
    await traced(browser, page, cdp, 'zooming, panning, dragging', async () => {
      for (let i = 0; i < 6; i++) await timeToDensity(page, { wheel: -400 });
      for (let i = 0; i < 3; i++) await timeToDensity(page, { button: 'Earlier' });
      for (let i = 0; i < 6; i++) await timeToDensity(page, { button: 'Zoom out' });
      await timeToDensity(page, { button: 'Whole case' });
      for (let i = 0; i < 2; i++) await dragSettle(page, i % 2 ? 300 : -300, 30);
    });
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
