// The scanning worker dies mid-scan, over http and from file://. Killed for real from outside
// the product: the test closes the page's workers through the DevTools protocol
// (Playwright's worker.evaluate runs `self.close()` in each), which sends the page no message
// at all. The page must notice within seconds, name the file being read, keep the finished
// files with their alert, offer to resume, and scan again with a fresh worker. Synthetic data.
import { expect, test } from '@playwright/test';
import { basename } from 'node:path';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { openApp, showView, type Build } from '../fixtures/ui/app-helpers.ts';
import { headerCounts, POSITIVE_EVENTS, scanUntil } from '../fixtures/ui/cut-short.ts';

const WINRM = 'Incoming Execution via WinRM';

for (const build of ['http', 'single'] as Build[]) {
  test(`${build}: a worker killed mid-scan is noticed, the finished files stay, and the next scan works`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const big = cachedBigNdjson(24 * 1024 * 1024);
    const name = basename(big.path);
    await openApp(page, build);
    const workers = page.workers();
    expect(workers.length).toBeGreaterThan(0);
    await scanUntil(page, big, 20);

    const killedAt = Date.now();
    await Promise.all(workers.map((w) => w.evaluate(() => self.close()).catch(() => undefined)));
    const notice = page.getByRole('alert').filter({ hasText: 'The scanning worker stopped' });
    await expect(notice).toBeVisible({ timeout: 10_000 });
    const noticedMs = Date.now() - killedAt;
    console.log(`worker death noticed in ${noticedMs} ms`);
    expect(noticedMs).toBeLessThan(10_000);
    await expect(notice).toContainText(`while reading ${name}`);

    // The fresh worker settled the session: finished files kept, the big one interrupted.
    await expect(page.getByTestId('cancelled-panel')).toBeVisible({ timeout: 30_000 });
    const rows = page.getByTestId('file-row');
    await expect(rows).toHaveCount(3);
    await expect(page.locator('[data-status=scanning]')).toHaveCount(0);
    await expect(
      rows.filter({ hasText: 'winrm-positive' }).and(page.locator('[data-status=done]')),
    ).toHaveCount(2);
    await expect(rows.filter({ hasText: name })).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('resume')).toContainText(name);
    const cut = await headerCounts(page);
    expect(cut.files).toBe(3);
    await showView(page, 'Alerts');
    await expect(page.getByTestId('alert-row').filter({ hasText: WINRM })).toHaveCount(1);
    expect(cut.alerts).toBe(await page.getByTestId('alert-row').count());

    // The next scan works, on the fresh worker: the big file alone, resumed.
    await showView(page, 'Scan');
    await page.getByTestId('resume-zone-files').setInputFiles([big.path]);
    await expect(page.getByTestId('scan-outcome')).toBeVisible({ timeout: 180_000 });
    await expect(rows.filter({ hasText: name })).toHaveAttribute('data-status', 'done');
    expect(await headerCounts(page)).toMatchObject({
      files: 3,
      events: POSITIVE_EVENTS + big.events,
    });
  });
}
