// Two builds of the page, alternated: the time and CPU (the browser's whole process tree) until
// a scan's alerts are there (scanFiles resolves), and until its rule reports are complete too
// (their near-miss counts, which a build may take after the scan: `nearMissCounts`; a build
// that counts during the scan has its reports complete with its alerts).
//   npx vite build --outDir /tmp/a   (one version)   npx vite build --outDir /tmp/b   (other)
//   npx tsx bench/near-miss-page-ab.ts /tmp/a /tmp/b [--events 100k] [--rounds 3] [--rules windows|builtin]
//     [--files 4]   (the four .partN files of app-scan.bench.ts instead of the one file)
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { openApp } from '../tests/services/browser-client.ts';
import { chosenFiles, importRules } from './evtx-page-open.ts';
import { treeCpu } from './process-tree.ts';
import { dataDir, ensureData } from './scan-data.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const builds = process.argv.slice(2, 4);
const file = ensureData(arg('--events', '100k'));
const files =
  arg('--files', '1') === '4'
    ? [1, 2, 3, 4].map((n) => file.replace(/\.ndjson$/, `.part${n}.ndjson`))
    : [file];
const rounds = Number(arg('--rounds', '3'));
const ruleSet = arg('--rules', 'windows');
const rules = `${dataDir}rules-windows-eql.ndjson`;
if (ruleSet === 'windows' && !existsSync(rules))
  throw new Error(`${rules} is written by bench/scan-rulesets.ts`);

interface Round {
  alertsMs: number;
  alertsCpu: number;
  reportsMs: number;
  reportsCpu: number;
}

async function round(dist: string): Promise<Round> {
  const server = await serveStatic(dist, '/');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await openApp(page, server.url);
    if (ruleSet === 'windows' && (await importRules(page, rules)) < 300)
      throw new Error('the Windows rules did not import');
    const input = await chosenFiles(page, files);
    const once = async (): Promise<Round> => {
      const cpu0 = treeCpu();
      const { id, ms } = await page.evaluate(async (el) => {
        const svc = globalThis.__svc;
        const session = (await svc.call('createSession', ['ab'])) as { id: string };
        const t = performance.now();
        await svc.call('scanFiles', [session.id, [...(el as HTMLInputElement).files!]], true);
        return { id: session.id, ms: performance.now() - t };
      }, input);
      const cpu1 = treeCpu();
      const more = await page.evaluate(async (sid) => {
        const t = performance.now();
        const ok = await globalThis.__svc.call('nearMissCounts', [sid]).then(
          () => true,
          () => false,
        );
        return ok ? performance.now() - t : 0;
      }, id);
      const cpu2 = treeCpu();
      await page.evaluate((sid) => globalThis.__svc.call('deleteSession', [sid]), id);
      return {
        alertsMs: ms,
        alertsCpu: cpu1 - cpu0,
        reportsMs: ms + more,
        reportsCpu: more ? cpu2 - cpu0 : cpu1 - cpu0,
      };
    };
    await once();
    return await once();
  } finally {
    await browser.close();
    await server.close();
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const results = builds.map(() => [] as Round[]);
console.log(`${files.length} file(s) of ${file}, rules: ${ruleSet}`);
for (let r = 0; r < rounds; r++)
  for (const [b, dist] of builds.entries()) {
    const x = await round(dist);
    results[b].push(x);
    console.log(
      `round ${r + 1} ${dist}: alerts ${s(x.alertsMs)} s wall ${s(x.alertsCpu)} s cpu; ` +
        `reports ${s(x.reportsMs)} s wall ${s(x.reportsCpu)} s cpu (load ${loadavg()[0].toFixed(2)})`,
    );
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [b, dist] of builds.entries()) {
  const m = (k: keyof Round) => s(median(results[b].map((x) => x[k])));
  console.log(
    `${dist} medians: alerts ${m('alertsMs')} s wall ${m('alertsCpu')} s cpu; ` +
      `reports ${m('reportsMs')} s wall ${m('reportsCpu')} s cpu`,
  );
}
