// A reload in the middle of a scan: on the next start the case says which files finished and
// which did not, its counts are what is stored, no row stays "scanning", the finished files
// have their alerts already (checkpointed as each ended, no re-run needed), and keeping what
// was read runs the rules over it too. The big file is synthetic
// (tests/fixtures/ui/big-file.ts); resuming is app-resume.spec.ts.
import { expect, test } from '@playwright/test';
import { basename } from 'node:path';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { POSITIVE, needFile, openApp, showView } from '../fixtures/ui/app-helpers.ts';

const BIG = 200 * 1024 * 1024;

test('reload at about 30% of a 200 MB scan: finished files keep their alert, nothing is lost or made up', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const big = cachedBigNdjson(BIG);
  await openApp(page);
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  await page.getByRole('button', { name: /new session/i }).click();
  await showView(page, 'Scan');
  await page.getByTestId('file-input').setInputFiles([...POSITIVE.map(needFile), big.path]);
  // The big file's bar passes 30%: the two small files are done by then.
  const bigRow = page.getByTestId('file-row').filter({ hasText: basename(big.path) });
  await expect
    .poll(async () => Number(await bigRow.getByRole('progressbar').getAttribute('aria-valuenow')), {
      timeout: 120_000,
      intervals: [200],
    })
    .toBeGreaterThanOrEqual(30);
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });

  await showView(page, 'Scan');
  await expect(page.getByTestId('cancelled-panel')).toBeVisible();
  const rows = page.getByTestId('file-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'winrm-positive' })).toHaveCount(2);
  for (const r of await rows.filter({ hasText: 'winrm-positive' }).all())
    await expect(r).toHaveAttribute('data-status', 'done');
  await expect(bigRow).toHaveAttribute('data-status', 'cancelled');
  await expect(bigRow.getByTestId('file-error')).toContainText('Interrupted');
  await expect(page.locator('[data-status=scanning]')).toHaveCount(0);
  const counts = page.getByTestId('session-name').locator('.counts');
  await expect(counts).toContainText('3 files');
  const text = (await counts.innerText()).replace(/\s+/g, ' ');
  const events = Number(/· ([\d,]+) events/.exec(text)?.[1].replace(/,/g, ''));
  expect(events).toBeGreaterThan(300);
  expect(events).toBeLessThan(300 + big.events);
  await expect(page.getByTestId('cancelled-finished')).toContainText('alerts are kept');
  await expect(counts).toContainText('1 alert');
  await showView(page, 'Alerts');
  await expect(
    page.getByTestId('alert-row').filter({ hasText: 'Incoming Execution via WinRM' }),
  ).toHaveCount(1);
  await showView(page, 'Scan');

  await page.getByTestId('cancelled-keep').click();
  // The rules run over every stored event (tens of thousands): allow for a busy machine.
  await expect(page.getByTestId('cancelled-panel')).toHaveCount(0, { timeout: 120_000 });
  await expect(counts).toContainText(`${events.toLocaleString('en-US')} events`);
  await showView(page, 'Alerts');
  await expect(
    page.getByTestId('alert-row').filter({ hasText: 'Incoming Execution via WinRM' }),
  ).toHaveCount(1);
});
