import { expect, test } from '@playwright/test';
import { POSITIVE, needFile, openApp, scan } from '../fixtures/ui/app-helpers.ts';

// Issue 18: cases told apart in the sessions list — named after what was dropped, with hosts,
// time range, files, events and alerts; renamed inline; an import of an existing name marked.

test('a case is named after its files, listed with its extent, renamed, and imported as "(imported)"', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  // Two loose files: the first one's name and how many more.
  await expect(page.getByTestId('session-name')).toContainText(
    'winrm-positive-network.ndjson and 1 more',
  );

  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  const current = page.locator('[data-testid=session-item].current');
  await expect(current).toContainText('winrm-positive-network.ndjson and 1 more');
  // The synthetic fixture's hosts and day.
  await expect(current.getByTestId('session-extent')).toContainText(/wks-\d{4}/);
  await expect(current.getByTestId('session-extent')).toContainText('2024-05-06');
  await expect(current.getByTestId('session-counts')).toContainText(
    /2 files · 300 events · 1 alert\b/,
  );

  await current.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New session name').fill('Case 4711');
  await page.getByLabel('New session name').press('Enter');
  await expect(current).toContainText('Case 4711');

  const pending = page.waitForEvent('download');
  await current.getByRole('button', { name: 'Export' }).click();
  const file = await (await pending).path();
  await page.locator('input[type=file][accept*=".sequent"]').setInputFiles(file);
  await expect(page.getByTestId('session-name')).toContainText('Case 4711 (imported)');
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  const names = await page.getByTestId('session-item').locator('.title').allInnerTexts();
  expect(names).toContain('Case 4711');
  expect(names).toContain('Case 4711 (imported)');
});
