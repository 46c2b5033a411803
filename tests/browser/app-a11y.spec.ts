import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { POSITIVE, needFile, openApp, scan, showView } from '../fixtures/ui/app-helpers.ts';

// Issue 18: axe-core finds no serious or critical accessibility violation on the main views,
// each checked in a state a responder works in (after a scan, an alert open, a hunt run).

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('scan, alerts with the detail open, rules and hunt have no serious violation', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  const found: Record<string, string[]> = {};

  found.scan = await seriousViolations(page);

  await showView(page, 'Alerts');
  await page.getByTestId('alert-row').first().click();
  await expect(page.getByTestId('alert-detail')).toBeVisible();
  found.alerts = await seriousViolations(page);

  await showView(page, 'Rules');
  await expect(page.getByTestId('rule-item').first()).toBeVisible();
  found.rules = await seriousViolations(page);

  await showView(page, 'Hunt');
  await page
    .getByTestId('query-editor')
    .fill('process where process.parent.name == "winrshost.exe"');
  await page.getByTestId('hunt-run').click();
  await expect(page.getByTestId('hunt-row').first()).toBeVisible();
  found.hunt = await seriousViolations(page);

  for (const [view, list] of Object.entries(found)) {
    if (list.length)
      test.info().annotations.push({ type: `axe ${view}`, description: list.join('\n') });
  }
  expect(found).toEqual({ scan: [], alerts: [], rules: [], hunt: [] });
});

test("timeline, with an alert's surroundings open, has no serious violation", async ({ page }) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));
  await showView(page, 'Timeline');
  await page.getByTestId('timeline-next').click();
  await expect(page.getByTestId('timeline-event').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
