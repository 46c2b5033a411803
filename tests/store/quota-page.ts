// A page running the store harness (harness.ts) with its origin's quota made small first:
// Chromium's DevTools protocol, before the page first touches storage.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { bundleHarness, openHarness } from '../browser/bundle.ts';

export async function harnessWithQuota(
  browser: Browser,
  origin: string,
  quotaSize: number,
): Promise<Page> {
  const script = await bundleHarness(fileURLToPath(new URL('./harness.ts', import.meta.url)));
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
  await openHarness(page, script, origin);
  return page;
}
