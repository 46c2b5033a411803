import { expect, test, type Page } from '@playwright/test';
import { hostileEvents, ndjson } from '../fixtures/ui/generate.ts';
import {
  POSITIVE,
  needFile,
  openApp,
  scan,
  showView,
  tempFile,
} from '../fixtures/ui/app-helpers.ts';

// Issue 18: the alerts view a responder expects — triage-status filter, keyboard, bulk triage,
// resizable columns and detail panel, long values folded.

const rows = (page: Page) => page.getByTestId('alert-row');
const detail = (page: Page) => page.getByTestId('alert-detail');

async function width(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => el.getBoundingClientRect().width);
}

test('keyboard, status filter and bulk triage of every alert matching the filter', async ({
  page,
}) => {
  await openApp(page);
  // Two WinRM alerts on two hosts: the synthetic positives and the (synthetic) hostile sequence.
  const hostile = tempFile('hostile.ndjson', ndjson(hostileEvents()));
  await scan(page, [...POSITIVE.map(needFile), hostile]);
  await showView(page, 'Alerts');
  await expect(rows(page).first()).toBeVisible();
  const total = await rows(page).count();
  expect(total).toBeGreaterThan(1);
  const ids = await rows(page).evaluateAll((els) => els.map((e) => e.dataset.alertId));

  // Down moves the current row, Enter opens it, Esc closes the detail.
  await page.getByTestId('alerts-viewport').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(detail(page)).toBeVisible();
  await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(rows(page).nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(detail(page)).toBeHidden();

  // Everything starts open: filtering on "closed" shows nothing.
  const status = page.getByTestId('status-filter');
  await status.getByText('closed', { exact: true }).click();
  await expect(rows(page)).toHaveCount(0);
  await status.getByText('closed', { exact: true }).click();
  await expect(rows(page)).toHaveCount(total);

  // Select all matching, close them at once.
  await page.getByTestId('select-matching').click();
  await expect(page.getByTestId('selected-count')).toHaveText(`${total} selected`);
  await page.getByTestId('bulk-status').selectOption('closed');
  await page.getByTestId('bulk-apply').click();
  await status.getByText('closed', { exact: true }).click();
  await expect(rows(page)).toHaveCount(total);
  for (const text of await rows(page).allInnerTexts()) expect(text).toContain('closed');
  await status.getByText('closed', { exact: true }).click();
  await status.getByText('open', { exact: true }).click();
  await expect(rows(page)).toHaveCount(0);

  // The triage is stored, not only shown: it survives a reload.
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await showView(page, 'Alerts');
  await expect(rows(page)).toHaveCount(total);
  const after = await rows(page).evaluateAll((els) =>
    els.map((e) => [e.dataset.alertId, e.textContent]),
  );
  expect(after.map(([id]) => id).sort()).toEqual([...ids].sort());
  for (const [, text] of after) expect(text).toContain('closed');
});

test('columns resize and remember it; the detail panel widens, collapses, keeps columns readable', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Alerts');
  await expect(rows(page).first()).toBeVisible();

  // Drag the Rule column's edge 120 px to the right.
  const before = await width(page, '.row .c-ruleName');
  const grip = page.locator('[data-resize=ruleName]');
  const box = (await grip.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + 120 + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const wider = await width(page, '.row .c-ruleName');
  expect(wider).toBeGreaterThan(before + 100);
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await showView(page, 'Alerts');
  await expect(rows(page).first()).toBeVisible();
  expect(Math.abs((await width(page, '.row .c-ruleName')) - wider)).toBeLessThan(2);

  // With the detail open, Rule, Host and User keep at least their minimum width.
  await rows(page).first().click();
  await expect(detail(page)).toBeVisible();
  for (const col of ['ruleName', 'host', 'user']) {
    expect(await width(page, `.row .c-${col}`)).toBeGreaterThanOrEqual(80);
  }

  // Widen the panel by dragging its edge to the left.
  const panel0 = await width(page, '[data-testid=detail-panel]');
  const edge = (await page.getByTestId('panel-grip').boundingBox())!;
  await page.mouse.move(edge.x + edge.width / 2, edge.y + 100);
  await page.mouse.down();
  await page.mouse.move(edge.x - 150, edge.y + 100, { steps: 6 });
  await page.mouse.up();
  expect(await width(page, '[data-testid=detail-panel]')).toBeGreaterThan(panel0 + 120);

  // Collapse it and bring it back.
  await page.getByTestId('panel-collapse').click();
  await expect(detail(page)).toBeHidden();
  await page.getByTestId('panel-expand').click();
  await expect(detail(page)).toBeVisible();
});

test('a 7,000-character host name folds in the detail header with "show all"', async ({ page }) => {
  // Synthetic: the hostile WinRM sequence, its host renamed to a huge value.
  const long = `wks-${'x'.repeat(7_000)}`;
  const docs = hostileEvents().map((d) => ({
    ...d,
    host: { ...(d.host as object), name: long },
  }));
  await openApp(page);
  await scan(page, [tempFile('long-host.ndjson', ndjson(docs))]);
  await showView(page, 'Alerts');
  await rows(page).first().click();
  const host = detail(page).locator('dt:text-is("Host") + dd');
  await expect(host.getByRole('button', { name: 'show all' })).toBeVisible();
  expect((await host.innerText()).length).toBeLessThan(400);
  await host.getByRole('button', { name: 'show all' }).click();
  await expect(host).toContainText(long);
  await host.getByRole('button', { name: 'show less' }).click();
  expect((await host.innerText()).length).toBeLessThan(400);
});
