// The page that the in-browser micro-benchmarks run in: Debian's Chromium on a made-up origin
// (fetch and workers need one; file:// would refuse both), the entry bundled as an iife at
// /bundle.js, and every other path answered with the bytes `serve` gives for it.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';

export const BENCH_ORIGIN = 'http://bench.test';

export async function benchPage(
  entry: string,
  serve: (path: string) => Buffer,
): Promise<{ browser: Browser; page: Page }> {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: resolve(import.meta.dirname, '..'), loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.route(`${BENCH_ORIGIN}/**`, (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname);
    if (path === '/') return route.fulfill({ body: '<html></html>', contentType: 'text/html' });
    if (path === '/bundle.js')
      return route.fulfill({ body: bundle.outputFiles[0].text, contentType: 'text/javascript' });
    return route.fulfill({ body: serve(path) });
  });
  await page.goto(`${BENCH_ORIGIN}/`);
  return { browser, page };
}
