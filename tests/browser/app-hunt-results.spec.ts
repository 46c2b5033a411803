import { expect, test } from '@playwright/test';
import { POSITIVE, needFile, openApp, scan, showView } from '../fixtures/ui/app-helpers.ts';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';

// Issue 18: hunt results are events or sequences, never alerts with severity Low and risk 0.

test('event results show category and the fields the query names; sequences their join keys', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Hunt');
  const query = page.getByTestId('query-editor');
  const results = page.getByTestId('hunt-results');
  const columns = page.getByTestId('hunt-column');

  await query.fill('process where process.parent.name == "winrshost.exe" and process.pid > 0');
  await page.getByTestId('hunt-run').click();
  await expect(results).toHaveAttribute('data-kind', 'event');
  await expect(columns).toHaveText([
    /^Time/,
    'Host',
    'Category',
    'process.parent.name',
    'process.pid',
  ]);
  const first = page.getByTestId('hunt-row').first();
  await expect(first).toContainText('winrshost.exe');
  await expect(first).toContainText('process');
  await expect(first).toContainText(/wks-\d{4}/);
  // Nothing alert-like: no severity, no risk, no triage status.
  await expect(results).not.toContainText(/\b(low|risk|open)\b/i);
  await expect(page.getByTestId('hunt-partial')).toHaveCount(0);
  await first.click();
  await expect(page.getByTestId('alert-detail')).toContainText('winrshost.exe');

  await query.fill(
    'sequence by host.id with maxspan=5m [network where destination.port == 5985] ' +
      '[process where process.parent.name == "winrshost.exe"]',
  );
  await page.getByTestId('hunt-run').click();
  await expect(results).toHaveAttribute('data-kind', 'sequence');
  await expect(columns).toHaveText([/^Time/, 'Host', 'Categories', 'Join keys', 'Events']);
  const seq = page.getByTestId('hunt-row').first();
  await expect(seq).toContainText('network → process');
  // The join key is the host id both events share (a GUID in the synthetic data).
  await expect(seq).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
});

test('a hunt run while the scan still reads says it ran on partial data', async ({ page }) => {
  // Synthetic: a big benign file (cached, shared with app-perf and app-provisional) keeps the
  // scan reading while the hunt runs.
  const big = cachedBigNdjson(200 * 1024 * 1024);
  await openApp(page);
  await showView(page, 'Scan');
  await page.getByTestId('file-input').setInputFiles([...POSITIVE.map(needFile), big.path]);
  await expect(page.getByTestId('scan-progress')).toBeVisible();
  await showView(page, 'Hunt');
  await page.getByTestId('query-editor').fill('any where true | head 5');
  await page.getByTestId('hunt-run').click();
  await expect(page.getByTestId('hunt-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('hunt-partial')).toContainText('partial data');
  // And it was true: the scan was still reading when the result came.
  await expect(page.getByTestId('live-counts')).toContainText(/scanning 3 files/);
});
