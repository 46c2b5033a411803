import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { POSITIVE, needFile, openApp, scan, showView } from '../fixtures/ui/app-helpers.ts';

// Hand-over: every export downloads through an <a download> and parses back; a whole session
// goes to one file and comes back in a fresh browser profile.

async function saved(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

async function exportAs(page: Page, testId: string): Promise<{ name: string; text: string }> {
  await page.getByTestId('export-menu').click();
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const download = await pending;
  const text = await saved(download);
  await page.getByTestId('export-menu').click();
  return { name: download.suggestedFilename(), text };
}

test('alerts as NDJSON, CSV, ATT&CK layer and HTML report, events as _bulk; the session to a file and back', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);

  const nd = await exportAs(page, 'export-ndjson');
  expect(nd.name).toMatch(/\.ndjson$/);
  const lines = nd.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(JSON.stringify(lines[0])).toContain('wks-0002');

  const csv = await exportAs(page, 'export-csv');
  expect(csv.text.trim().split('\n').length).toBe(2);
  expect(csv.text).toContain('wks-0002');

  const layer = await exportAs(page, 'export-navigator');
  const parsed = JSON.parse(layer.text);
  expect(JSON.stringify(parsed.techniques)).toContain('T1021');

  const html = await exportAs(page, 'export-html');
  expect(html.text).toContain('wks-0002');
  expect(html.text).not.toMatch(/<script/i);

  const bulk = await exportAs(page, 'export-bulk');
  const bulkLines = bulk.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(bulkLines.length % 2).toBe(0);
  expect(Object.keys(bulkLines[0])).toEqual([expect.stringMatching(/^(index|create)$/)]);
  expect(bulkLines[1]).toHaveProperty('@timestamp');

  // The whole session, through the sessions menu, into another browser profile.
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  const current = page.locator('[data-testid=session-item].current');
  const pending = page.waitForEvent('download');
  await current.getByRole('button', { name: 'Export' }).click();
  const sessionFile = await (await pending).path();

  const other = await browser.newContext();
  const colleague = await other.newPage();
  await openApp(colleague);
  await colleague.getByRole('button', { name: 'Sessions ▾' }).click();
  await colleague.locator('input[type=file][accept*=".sequent"]').setInputFiles(sessionFile);
  await showView(colleague, 'Alerts');
  await expect(colleague.getByTestId('alert-row')).toHaveCount(1);
  await colleague.getByTestId('alert-row').first().click();
  await expect(colleague.getByTestId('evidence-step')).toHaveCount(2);
  await other.close();
});

test('sessions: the demo opens from the first screen, then rename, duplicate and delete after a confirmation', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('session-name')).toContainText(/demo|synthetic/i);
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row').first()).toBeVisible();

  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'Sessions ▾' }).click();
  const items = page.getByTestId('session-item');
  await expect(items).toHaveCount(2);
  // Sorted by last use: the new session first.
  await expect(items.first()).toHaveClass(/current/);

  await items
    .first()
    .getByRole('button', { name: /rename the session/ })
    .click();
  await items.first().getByLabel('Name of the session').fill('Case 4711');
  await items.first().getByLabel('Name of the session').press('Enter');
  await expect(items.first()).toContainText('Case 4711');

  await items.first().getByRole('button', { name: 'Duplicate' }).click();
  await expect(items).toHaveCount(3);

  const copy = items.filter({ hasNotText: /synthetic|demo/i }).filter({ hasText: 'Case 4711' });
  await expect(copy).toHaveCount(2);
  await copy.last().getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('alert')).toContainText('cannot be undone');
  await page.getByRole('button', { name: 'Keep' }).click();
  await expect(items).toHaveCount(3);
  await copy.last().getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(items).toHaveCount(2);

  // The last used session reopens after a reload.
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('session-name')).toContainText('Case 4711');
});
