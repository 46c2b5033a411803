// A cancelled scan leaves a case that says so wherever its counts and alerts show, and the
// user keeps what the cancelled file gave (the rules then cover it) or discards it (the case
// is back to what it was). The big file is synthetic (tests/fixtures/ui/big-file.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { syntheticEvtx } from '../../bench/evtx-data.ts';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { POSITIVE, needFile, openApp, scan, showView } from '../fixtures/ui/app-helpers.ts';

const BIG = 60 * 1024 * 1024;

function counts(page: Page) {
  return page.getByTestId('session-name').locator('.counts');
}

async function scanAndCancel(page: Page, path: string): Promise<void> {
  await showView(page, 'Scan');
  await page.getByTestId('file-input').setInputFiles([path]);
  await expect(page.getByTestId('scan-progress')).toContainText(/[1-9][\d,.]* events/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('scan-outcome')).toContainText('Cancelled', { timeout: 30_000 });
}

test('cancel says "cancelled" where counts and alerts show; keep or discard the partial data', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const big = cachedBigNdjson(BIG);
  await openApp(page);
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  await page.getByRole('button', { name: /new session/i }).click();
  await scan(page, POSITIVE.map(needFile));
  await expect(counts(page)).toHaveText('2 files · 300 events · 1 alert');

  // Cancel, then discard: the case is what it was before, and says nothing is pending.
  await scanAndCancel(page, big.path);
  await expect(page.getByTestId('session-cancelled')).toHaveText('scan cancelled');
  await expect(page.getByTestId('cancelled-panel')).toBeVisible();
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alerts-cancelled')).toContainText('Scan cancelled');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await showView(page, 'Scan');
  await page.getByTestId('cancelled-discard').click();
  await expect(page.getByTestId('cancelled-panel')).toHaveCount(0);
  await expect(page.getByTestId('session-cancelled')).toHaveCount(0);
  await expect(counts(page)).toHaveText('2 files · 300 events · 1 alert');
  await showView(page, 'Scan');
  await expect(
    page.getByTestId('file-row').filter({ hasText: 'Cancelled and discarded' }),
  ).toHaveCount(1);

  // Cancel again, then keep: the events read are counted and the rules have run over them.
  await scanAndCancel(page, big.path);
  await page.getByTestId('cancelled-keep').click();
  await expect(page.getByTestId('cancelled-panel')).toHaveCount(0);
  await expect(page.getByTestId('session-cancelled')).toHaveCount(0);
  const kept = (await counts(page).innerText()).replace(/\s+/g, ' ');
  const events = Number(/· ([\d,]+) events/.exec(kept)?.[1].replace(/,/g, ''));
  expect(events).toBeGreaterThan(300);
  expect(events).toBeLessThan(300 + big.events);
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alerts-cancelled')).toHaveCount(0);
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
  // The file cut short says what it is and what it gave: the events kept, its hosts.
  await showView(page, 'Scan');
  const cut = page.getByTestId('file-row').filter({ hasText: 'cancelled' }).last();
  await expect(cut).not.toContainText('not detected');
  await expect(cut).toContainText(`${(events - 300).toLocaleString('en-US')} read`);
  await expect(cut.locator('.host').first()).toBeVisible();

  // After a reload the case reads the same.
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(counts(page)).toContainText(`${events.toLocaleString('en-US')} events`);
});

// A large .evtx is read by the page's workers together, in ranges: a cancel answers at once,
// and the ranges a helper was reading are accounted for a moment later. The row's count, its
// event count and the case's then agree, and Keep does not change them. SYNTHETIC data:
// bench/evtx-data.ts's writer-made Sysmon/Security log.
test('a large .evtx cancelled while the pool reads it: its row and the case count the same', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'sequent-cancel-evtx-'));
  try {
    const path = syntheticEvtx(24, dir);
    await openApp(page);
    await scanAndCancel(page, path);
    // Once the other workers' accounts of what they read have come.
    await expect(page.getByTestId('cancelled-counting')).toHaveCount(0, { timeout: 15_000 });
    const row = page.getByTestId('file-row').first();
    const number = (text: string, pattern: RegExp) =>
      Number(pattern.exec(text)?.[1].replace(/,/g, '') ?? NaN);
    const agreed = async () => {
      const header = number(await counts(page).innerText(), /· ([\d,]+) events?/);
      const read = number(await row.innerText(), /([\d,]+) read/);
      return { header, read: read - header };
    };
    await expect.poll(agreed, { timeout: 15_000 }).toMatchObject({ read: 0 });
    // The last progress report's count, older than the row, is not shown beside it.
    await expect(row.locator('.events')).toHaveCount(0);
    const { header } = await agreed();
    expect(header).toBeGreaterThan(0);
    // So does the scan's own line, which was last reported before the helpers' rows came.
    await expect(page.getByTestId('scan-events')).toHaveText(
      `${header.toLocaleString('en-US')} events`,
    );
    await expect(row).not.toContainText('not detected');
    await expect(row.locator('.host').first()).toBeVisible();
    await page.getByTestId('cancelled-keep').click();
    await expect(page.getByTestId('cancelled-panel')).toHaveCount(0);
    await expect(counts(page)).toContainText(`${header.toLocaleString('en-US')} events`);
    await expect(row).toContainText(`${header.toLocaleString('en-US')} read`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
