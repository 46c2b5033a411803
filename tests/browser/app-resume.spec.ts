// Resuming a scan cut short by a reload, over http and from file://: before anything is kept
// or re-run, the two finished files have their alert (checkpointed as each ended) and the
// header counts are what is stored; dropping all three files again reads only the unfinished
// one, into its own row, its partial events replaced, so the counts end exactly as a whole
// scan's. A crashed tab (the renderer killed through the DevTools protocol, as an
// out-of-memory worker kills it in Chromium) leaves the same. Synthetic data
// (tests/fixtures/synthetic, tests/fixtures/ui/big-file.ts).
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { basename } from 'node:path';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { POSITIVE, openApp, showView, type Build } from '../fixtures/ui/app-helpers.ts';
import { headerCounts, POSITIVE_EVENTS, scanUntil } from '../fixtures/ui/cut-short.ts';

const WINRM = 'Incoming Execution via WinRM';

for (const build of ['http', 'single'] as Build[]) {
  test(`${build}: after a reload mid-scan the finished files keep their alert, and Resume reads just the rest`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const big = cachedBigNdjson(24 * 1024 * 1024);
    await openApp(page, build);
    await scanUntil(page, big, 30);
    await page.reload();
    await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });

    // No Keep, no re-run: the checkpoint's alert is there, and the header says what is stored.
    await showView(page, 'Alerts');
    await expect(page.getByTestId('alert-row').filter({ hasText: WINRM })).toHaveCount(1);
    const rowsShown = await page.getByTestId('alert-row').count();
    const before = await headerCounts(page);
    expect(before.alerts).toBe(rowsShown);
    expect(before.files).toBe(3);
    expect(before.events).toBeGreaterThan(POSITIVE_EVENTS);
    expect(before.events).toBeLessThan(POSITIVE_EVENTS + big.events);

    await showView(page, 'Scan');
    await expect(page.getByTestId('cancelled-finished')).toContainText('2 files read whole');
    await expect(page.getByTestId('cancelled-finished')).toContainText('alerts are kept');
    await expect(page.getByTestId('cancelled-unfinished')).toContainText(basename(big.path));
    const resume = page.getByTestId('resume');
    await expect(resume).toContainText(basename(big.path));

    // The whole set again: the finished files are left alone, the big one is read whole.
    await page.getByTestId('resume-zone-files').setInputFiles([...POSITIVE, big.path]);
    await expect(page.getByTestId('scan-outcome')).toBeVisible({ timeout: 180_000 });
    await expect(page.getByText(/Not resumed: .*already read whole/)).toBeVisible();
    const rows = page.getByTestId('file-row');
    await expect(rows).toHaveCount(3);
    for (const r of await rows.all()) await expect(r).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('cancelled-panel')).toHaveCount(0);
    await expect(resume).toHaveCount(0);
    const after = await headerCounts(page);
    expect(after).toMatchObject({ files: 3, events: POSITIVE_EVENTS + big.events });
    await showView(page, 'Alerts');
    await expect(page.getByTestId('alert-row').filter({ hasText: WINRM })).toHaveCount(1);
    expect(after.alerts).toBe(await page.getByTestId('alert-row').count());
  });

  test(`${build}: a tab that crashes mid-scan leaves the finished files with their alert`, async ({
    context,
    page,
  }) => {
    test.setTimeout(240_000);
    const big = cachedBigNdjson(24 * 1024 * 1024);
    // Opened first: a page made in a context just after another of its pages crashed fails.
    const next = await context.newPage();
    await openApp(page, build);
    await scanUntil(page, big, 30);
    const crashed = new Promise((resolve) => page.once('crash', resolve));
    const cdp = await context.newCDPSession(page);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;

    await openApp(next, build);
    await showView(next, 'Alerts');
    await expect(next.getByTestId('alert-row').filter({ hasText: WINRM })).toHaveCount(1);
    const counts = await headerCounts(next);
    expect(counts.files).toBe(3);
    expect(counts.alerts).toBe(await next.getByTestId('alert-row').count());
    await showView(next, 'Scan');
    await expect(next.getByTestId('cancelled-finished')).toContainText('alerts are kept');
    await expect(next.locator('[data-status=scanning]')).toHaveCount(0);
    await expect(next.getByTestId('resume')).toContainText(basename(big.path));
    // The panels a cut-short case shows are as usable as the rest (issue 18's bar).
    const axe = await new AxeBuilder({ page: next }).analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id),
    ).toEqual([]);

    // Discarding the partial events needs no re-run: the checkpoint covers the finished files.
    await next.getByTestId('cancelled-discard').click();
    await expect(next.getByTestId('cancelled-panel')).toHaveCount(0);
    expect(await headerCounts(next)).toEqual({ files: 2, events: POSITIVE_EVENTS, alerts: 1 });
    await expect(next.getByTestId('resume')).toContainText(basename(big.path));
  });
}
