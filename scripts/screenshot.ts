// Refreshes the README screenshot: `npm run build && npx tsx scripts/screenshot.ts`.
// Opens the single-file build from file:// in Debian's Chromium, saves a note through the
// worker (so the diagnostics strip shows the round trip working) and writes docs/screenshots/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}docs/screenshots/sequent.png`;
mkdirSync(`${root}docs/screenshots`, { recursive: true });

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(pathToFileURL(`${root}dist-single/sequent.html`).href);
  await page.getByTestId('worker-status').filter({ hasText: 'Ready' }).waitFor();
  await page.getByTestId('note-input').fill('Kept in IndexedDB by the worker');
  await page.getByTestId('note-save').click();
  await page.getByTestId('echo').click();
  await page.getByTestId('saved-note').filter({ hasText: 'Kept' }).waitFor();
  // Let the app settle (it opens the last session, or the bundled demo) before the picture.
  await page
    .getByText('Opening your last session')
    .waitFor({ state: 'detached', timeout: 60_000 })
    .catch(() => undefined);
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
