// Fields the session never saw: the hunting console and the rule editor flag them before
// running, with the closest known names, and an empty hunt says why instead of nothing.
import { expect, test } from '@playwright/test';
import { POSITIVE, needFile, openApp, scan, showView } from '../fixtures/ui/app-helpers.ts';

test('a misspelled field is flagged before running and explains the empty hunt', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Hunt');
  const query = page.getByTestId('query-editor');
  await query.fill('process where proces.nme == "cmd.exe"');
  const flag = page.getByTestId('query-unknown-field');
  await expect(flag).toHaveText(
    '⚠ the session has no field `proces.nme` (did you mean `process.name`?)',
  );
  await flag.click();
  const selected = await query.evaluate((el: HTMLTextAreaElement) =>
    el.value.slice(el.selectionStart, el.selectionEnd),
  );
  expect(selected).toBe('proces.nme');

  await page.getByTestId('hunt-run').click();
  await expect(page.getByTestId('hunt-summary')).toContainText('0 events');
  await expect(page.getByTestId('hunt-empty')).toHaveText(
    '0 events: the session has no field `proces.nme` (did you mean `process.name`?)',
  );

  await query.fill('process where process.name == "no-such.exe"');
  await expect(page.getByTestId('query-ok')).toBeVisible();
  await expect(flag).toHaveCount(0);
  await page.getByTestId('hunt-run').click();
  await expect(page.getByTestId('hunt-empty')).toHaveText('Nothing matched.');
});

test('the rule editor flags the same field while a session is open', async ({ page }) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByTestId('rule-editor');
  await editor.getByTestId('query-editor').fill('process where process.parnet.name == "x"');
  await expect(editor.getByTestId('query-unknown-field')).toContainText(
    'the session has no field `process.parnet.name` (did you mean `process.parent.name`?)',
  );
  // Only a warning: the query is still valid EQL.
  await expect(editor.getByTestId('query-ok')).toBeVisible();
});
