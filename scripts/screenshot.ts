// Refreshes the README screenshot: `npm run build && npx tsx scripts/screenshot.ts`.
// Opens the single-file build from file:// in Debian's Chromium, opens the bundled demo case
// on its timeline around the first alert, and writes docs/screenshots/sequent.png.
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
  // The bundled demo case, from the first screen, on the timeline around its first alert.
  await page.getByTestId('open-demo').click();
  await page.getByTestId('alert-row').first().waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await page.getByTestId('timeline-next').click();
  await page.getByTestId('timeline-event').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
