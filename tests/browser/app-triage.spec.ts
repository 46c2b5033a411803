import { expect, test } from '@playwright/test';
import {
  POSITIVE,
  needFile,
  openApp,
  scan,
  showView,
  type Build,
} from '../fixtures/ui/app-helpers.ts';

// Issue 7: triage kept in IndexedDB across reloads, hunting on restored data, exceptions.

for (const build of ['http', 'single'] as Build[]) {
  test(`triage and a note survive a reload, and hunting works on the restored session (${build})`, async ({
    page,
  }) => {
    await openApp(page, build);
    await scan(page, POSITIVE.map(needFile));
    const sessionName = await page.getByTestId('session-name').innerText();

    await showView(page, 'Alerts');
    await page.getByTestId('alert-row').first().click();
    const detail = page.getByTestId('alert-detail');
    await detail.getByTestId('triage-closed').click();
    await detail.getByTestId('triage-reason').selectOption('true_positive');
    const note = `checked with the host owner ${Date.now()} <b>not bold</b>`;
    await detail.getByTestId('triage-notes').fill(note);
    await detail.getByTestId('triage-save').click();
    await expect(detail.getByTestId('triage-save')).toHaveText('Notes saved');
    await expect(page.getByTestId('alert-row').first()).toContainText('closed');

    await page.reload();
    await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('session-name')).toHaveText(sessionName);
    await showView(page, 'Alerts');
    const row = page.getByTestId('alert-row').first();
    await expect(row).toContainText('closed');
    await row.click();
    await expect(detail.getByTestId('triage-closed')).toHaveAttribute('aria-checked', 'true');
    await expect(detail.getByTestId('triage-reason')).toHaveValue('true_positive');
    await expect(detail.getByTestId('triage-notes')).toHaveValue(note);

    // The files were not dropped again: hunting reads the stored events.
    await showView(page, 'Hunt');
    await page
      .getByTestId('query-editor')
      .fill('process where process.parent.name == "winrshost.exe"');
    await page.getByTestId('hunt-run').click();
    await expect(page.getByTestId('hunt-summary')).toContainText(/[1-9]\d* events/);
    const first = page.getByTestId('hunt-row').first();
    await first.click();
    await expect(page.getByTestId('alert-detail')).toContainText('winrshost.exe');
  });
}

test('an exception made from an alert in two clicks hides it; removing it brings it back', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await page.getByTestId('alert-row').first().click();

  const step = page.getByTestId('evidence-step').nth(1);
  const field = step.locator('tr').filter({ has: page.locator('th', { hasText: /^host\.name$/ }) });
  await field.getByTestId('add-exception').click();
  await field.getByRole('button', { name: 'Add exception' }).click();

  await expect(page.getByTestId('alert-row')).toHaveCount(0);
  await expect(page.getByTestId('hidden-count')).toHaveText('1 hidden by exceptions');

  await showView(page, 'Rules');
  await page.getByTestId('rule-item').first().click();
  const exceptions = page.getByTestId('exceptions');
  await expect(exceptions).toContainText('host.name');
  await expect(exceptions).toContainText('wks-0002');
  await exceptions.getByTestId('remove-exception').click();

  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await expect(page.getByTestId('hidden-count')).toHaveCount(0);
});
