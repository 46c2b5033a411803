// Nothing is counted twice: a file dropped again is not read again and says which file of the
// case holds its bytes; the same log inside a .gz and a .zip (different bytes, same events) is
// kept once, and the second container's row says how many of its records were duplicates.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { gzipSync, zipSync } from 'fflate';
import {
  POSITIVE,
  needFile,
  openApp,
  scan,
  showView,
  tempFile,
} from '../fixtures/ui/app-helpers.ts';

async function headerCounts(page: Page): Promise<string> {
  const text = await page.getByTestId('session-name').locator('..').innerText();
  return /(\d[\d,]*) files? · (\d[\d,]*) events? · (\d[\d,]*) alerts?/.exec(text)?.[0] ?? text;
}

function row(page: Page, name: string) {
  return page.getByTestId('file-row').filter({ hasText: name });
}

test('a file dropped again is not read again: same counts, same alerts, and the row says why', async ({
  page,
}) => {
  const [network, processes] = POSITIVE.map(needFile);
  await openApp(page);
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  await page.getByRole('button', { name: /new session/i }).click();
  const first = await scan(page, [network, processes]);
  expect(first.replace(/\s+/g, ' ')).toContain('Finished: 2 files, 1 alert');
  const before = await headerCounts(page);
  expect(before).toMatch(/^2 files · 300 events · 1 alert$/);

  // The same bytes under another name: recognized by content.
  const again = tempFile('copy-of-network.ndjson', readFileSync(network));
  const second = await scan(page, [again]);
  // The header's count leaves the copy out; the scan's own sentence says why its count is not.
  expect(second.replace(/\s+/g, ' ')).toContain(
    'Finished: 1 file (1 already in the case, not read again),',
  );
  await expect(row(page, 'copy-of-network.ndjson').getByTestId('file-duplicate')).toContainText(
    'already in this case as winrm-positive-network.ndjson',
  );
  await expect(row(page, 'copy-of-network.ndjson').getByTestId('file-status')).toHaveText(
    'duplicate',
  );
  expect(await headerCounts(page)).toBe(before);
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
});

test('the same log in a .gz and a .zip is kept and counted once', async ({ page }) => {
  test.setTimeout(120_000);
  const log = new Uint8Array(Buffer.concat(POSITIVE.map(needFile).map((p) => readFileSync(p))));
  const gz = tempFile('case.ndjson.gz', Buffer.from(gzipSync(log)));
  const zip = tempFile('case.zip', Buffer.from(zipSync({ 'logs/case.ndjson': log })));
  await openApp(page);
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  await page.getByRole('button', { name: /new session/i }).click();
  const outcome = await scan(page, [gz, zip]);
  expect(outcome.replace(/\s+/g, ' ')).toContain('Finished: 2 files, 1 alert');
  expect(await headerCounts(page)).toBe('2 files · 300 events · 1 alert');
  // Whichever container was read second says its 300 records were already in the case.
  const notes = await page.getByTestId('file-duplicates').allInnerTexts();
  expect(notes.map((n) => n.replace(/\s+/g, ' '))).toEqual([
    '300 records already in this case (from another file), kept once',
  ]);
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
});
