import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  ELASTIC_WINRM,
  POSITIVE,
  openApp,
  showView,
  type Build,
} from '../fixtures/ui/app-helpers.ts';
import { cachedBigNdjson, type BigFile } from '../fixtures/ui/big-file.ts';

// Alerts show while a scan runs (the correlation of what is read so far), and the page says
// they are provisional until the scan's final correlation replaces them. Synthetic data: the
// positive's two files are small and read first; a big benign file keeps the scan running.
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
// Big enough that the checks made during the scan finish well before it does; the same
// cached file as app-perf's Cancel test, so it is generated once for both.
let big: BigFile;
test.beforeAll(() => {
  big = cachedBigNdjson(200 * 1024 * 1024);
});

for (const build of ['http', 'single'] as Build[]) {
  test(`alerts found during the scan are marked provisional until it ends (${build})`, async ({
    page,
  }) => {
    await openApp(page, build);
    await showView(page, 'Scan');
    await page.getByTestId('file-input').setInputFiles([...POSITIVE, big.path]);
    // A file not read yet says so, instead of "shape not detected, 0 records".
    const bigRow = page.getByTestId('file-row').filter({ hasText: basename(big.path) });
    await expect(bigRow.getByTestId('file-pending')).toHaveText(/Reading|Waiting/);
    await expect(bigRow).not.toContainText('not detected');
    await expect(bigRow.getByRole('progressbar')).toBeVisible();
    // Overall: bytes of the total, rate, elapsed and an estimate of what is left.
    const overall = page.getByTestId('scan-progress');
    await expect(overall).toContainText(/[\d.]+ [KMG]?B of [\d.]+ [KMG]?B/);
    await expect(overall).toContainText(/[\d,]+ events\/s/);
    await expect(overall).toContainText(/elapsed \S+/);
    await expect(overall).toContainText(/ETA \S+/);
    await showView(page, 'Alerts');

    const banner = page.getByTestId('provisional-banner');
    await expect(banner).toContainText('Provisional: 1 alert from the events read so far');
    await expect(page.getByTestId('live-counts')).toContainText(
      /scanning 3 files · [\d,]+ events read · 1 provisional alert/,
    );
    const row = page.getByTestId('alert-row').filter({ hasText: ELASTIC_WINRM });
    await expect(row).toHaveClass(/provisional/);
    await expect(row.locator('.c-status')).toHaveText('provisional');
    // Still scanning (the Scan tab says so): the big file has not been read to the end.
    const scanning = page.getByRole('tab', { name: /^Scan/ }).locator('.badge');
    await expect(scanning).toHaveText('…');

    await row.click();
    const detail = page.getByTestId('alert-detail');
    await expect(detail.getByTestId('detail-provisional')).toContainText('Triage opens once');
    await expect(detail.getByRole('region', { name: 'Triage' })).toHaveCount(0);
    await showView(page, 'Timeline');
    await expect(page.getByTestId('timeline-provisional')).toBeVisible();
    await showView(page, 'Alerts');

    // The scan ends: the same alert is final, the open detail is read again and can be triaged.
    await expect(banner).toBeHidden({ timeout: 120_000 });
    await expect(scanning).toHaveCount(0);
    await expect(page.getByTestId('live-counts')).toHaveCount(0);
    const events = big.events + POSITIVE.map(lines).reduce((a, b) => a + b, 0);
    await expect(page.getByTestId('session-name')).toContainText(
      `3 files · ${events.toLocaleString('en-US')} events · 1 alert`,
    );
    await expect(row.locator('.c-status')).toHaveText('open');
    await expect(row).not.toHaveClass(/provisional/);
    await expect(detail.getByTestId('detail-provisional')).toHaveCount(0);
    await expect(detail.getByRole('region', { name: 'Triage' })).toBeVisible();
    await showView(page, 'Scan');
    await expect(bigRow.getByTestId('file-pending')).toHaveCount(0);
    await expect(bigRow).toContainText('Shape');
  });
}
