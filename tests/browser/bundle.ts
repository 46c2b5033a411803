import { test, type Page } from '@playwright/test';
import { build, type Rolldown } from 'vite';
import { sequentWorkerEntry } from '../../scripts/vite-plugins.ts';

/**
 * Bundles a browser-side test harness (real Sequent modules, the worker inlined as in the
 * single file) into one classic script, so store and worker code run in real Chromium.
 */
export async function bundleHarness(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [sequentWorkerEntry(true)],
    define: { __SEQUENT_SINGLE__: 'true' },
    worker: { format: 'iife' },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry, formats: ['iife'], name: 'sequentHarness', fileName: 'harness' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs[0].output.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error(`bundling ${entry} produced no script`);
  return chunk.code;
}

/**
 * Serves the harness on a made-up http origin straight from the test process (no server,
 * no network), so IndexedDB and workers behave as on any web origin.
 */
export async function openHarness(page: Page, script: string, origin = 'http://sequent.test') {
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><meta charset="utf-8"><title>harness</title><script>${script.replace(/<\/script/gi, '<\\/script')}</script>`,
    }),
  );
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'sequentHarness' in globalThis);
}

/**
 * A Playwright `test` whose `harness` fixture is one page with the bundled harness, shared
 * by the tests of a worker process (each test uses its own database name, so they do not
 * see each other's data).
 */
export function harnessTest(entry: string) {
  return test.extend<object, { harness: Page }>({
    harness: [
      async ({ browser }, use) => {
        const script = await bundleHarness(entry);
        const page = await browser.newPage();
        await openHarness(page, script);
        await use(page);
        await page.close();
      },
      { scope: 'worker' },
    ],
  });
}
