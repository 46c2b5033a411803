import { mkdirSync, mkdtempSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { POSITIVE, needFile, openApp, scan, showView } from '../fixtures/ui/app-helpers.ts';

test('files dropped on the drop zone are scanned', async ({ page }) => {
  const files = POSITIVE.map(needFile).map((p) => ({
    name: basename(p),
    text: readFileSync(p, 'utf8'),
  }));
  await openApp(page);
  await showView(page, 'Scan');
  // A real drop event carrying real File objects (what a drag from the desktop delivers).
  await page.getByTestId('drop-zone').evaluate((zone, list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name, { type: '' }));
    zone.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    zone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
  }, files);
  await expect(page.getByTestId('scan-outcome')).toContainText('Finished: 2 files, 1 alert');
  await expect(page.getByTestId('file-row')).toHaveCount(2);
});

test('a folder picked with the folder picker is walked, hidden files skipped', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'sequent-ui-folder-'));
  const [network, processes] = POSITIVE.map(needFile);
  mkdirSync(join(root, 'case', 'wks-0002', 'sysmon'), { recursive: true });
  copyFileSync(network, join(root, 'case', 'wks-0002', 'network.ndjson'));
  copyFileSync(processes, join(root, 'case', 'wks-0002', 'sysmon', 'process.ndjson'));
  copyFileSync(processes, join(root, 'case', '.DS_Store'));
  await openApp(page);
  await showView(page, 'Scan');
  await page.getByTestId('folder-input').setInputFiles(join(root, 'case'));
  await expect(page.getByTestId('scan-outcome')).toContainText('Finished: 2 files, 1 alert', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('file-row').filter({ hasText: '.DS_Store' })).toHaveCount(0);
});

test('timeline: one lane per host, UTC by default and labelled, a mark leads to its alert', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Timeline');
  await expect(page.getByTestId('timeline-zone')).toHaveText('Times in UTC');
  const mark = page.getByTestId('timeline-mark');
  await expect(mark).toHaveCount(1);
  await expect(page.locator('.lane-label')).toContainText(['wks-0002']);
  await page.getByLabel('local time').check();
  await expect(page.getByTestId('timeline-zone')).toContainText('Times in');
  await expect(page.getByTestId('timeline-zone')).toContainText(/UTC[+-]\d\d:\d\d/);
  await page.getByLabel('local time').uncheck();
  // A mark selects the alert's surroundings on its host; from there the alert opens.
  await mark.click();
  await expect(page.getByTestId('timeline-events')).toBeVisible();
  await page.getByTestId('timeline-open-alert').click();
  await expect(page.getByTestId('alert-detail')).toBeVisible();
  await expect(page.getByTestId('evidence-step')).toHaveCount(2);
});

test('hunt: field names complete from the data, errors point into the query, save as rule', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Hunt');
  const query = page.getByTestId('query-editor');
  await query.fill('');
  await query.pressSequentially('process where process.parent.na');
  const list = page.getByTestId('completions');
  await expect(list).toContainText('process.parent.name');
  // It opens under the word typed (14 characters in, on the first line), not at the editor's
  // corner, where it covered the query's error and the Run button.
  const [at, box] = [await list.boundingBox(), await query.boundingBox()];
  expect(at!.x).toBeGreaterThan(box!.x + 80);
  expect(at!.y).toBeGreaterThan(box!.y + 10);
  expect(at!.y).toBeLessThan(box!.y + 45);
  await query.press('Enter');
  await expect(query).toHaveValue('process where process.parent.name');
  // A word of the language opens no list, even where field names contain it (`command_line`).
  await query.pressSequentially(' == "winrshost.exe" and');
  await expect(page.getByTestId('query-error')).toBeVisible();
  await expect(list).toHaveCount(0);
  await query.press('Backspace');
  await query.press('Backspace');
  await query.press('Backspace');
  await query.press('Backspace');
  await query.pressSequentially(' | head 3');
  await page.getByTestId('hunt-run').click();
  await expect(page.getByTestId('hunt-summary')).toContainText('3 events');
  await expect(page.getByTestId('hunt-row')).toHaveCount(3);

  await query.fill('process where process.name = "cmd.exe"');
  await expect(page.getByTestId('query-error')).toContainText('line 1, column');
  await query.fill('process where process.name == "cmd.exe"');
  await expect(page.getByTestId('query-ok')).toBeVisible();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('hunt-history')).toContainText('winrshost.exe');

  await page.getByRole('button', { name: 'Save as rule' }).click();
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  await expect(page.getByTestId('rule-editor').getByTestId('query-editor')).toHaveValue(
    'process where process.name == "cmd.exe"',
  );
});

test('"Copy as JSON" puts the whole alert with its evidence on the clipboard', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Alerts');
  await page.getByTestId('alert-row').first().click();
  await page.getByTestId('copy-json').click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied as JSON.' })).toBeVisible();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.host).toBe('wks-0002');
  expect(copied.steps).toHaveLength(2);
  expect(copied.steps[1].doc.process.parent.name).toBe('winrshost.exe');
});
