import { expect, type Page } from '@playwright/test';
import { test } from '../ui-harness/serve.ts';
import { HOSTILE, MEGABYTE, hostileEvents, ndjson } from '../fixtures/ui/generate.ts';
import { openApp, scan, showView, tempFile, type Build } from '../fixtures/ui/app-helpers.ts';

// Every string in a log may be written by an attacker: it must stay inert, visible text.

let hostileFile: string;

test.beforeAll(() => {
  hostileFile = tempFile('hostile.ndjson', ndjson(hostileEvents()));
});

/** Nothing the data asked for happened: no flag set, no element, no link, no style. */
async function expectInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBe(
    undefined,
  );
  await expect(page.locator('script:not([type]), script[type=module]')).toHaveCount(
    await page.locator('head script').count(),
  );
  await expect(page.locator('body img, body svg[onload], body iframe')).toHaveCount(0);
  await expect(page.locator('[href^="javascript:" i], [src^="javascript:" i]')).toHaveCount(0);
  await expect(page.locator('body style')).toHaveCount(0);
  await expect(page.locator('[onerror], [onload], [onclick]')).toHaveCount(0);
}

async function expectShownAsText(page: Page, scope: ReturnType<Page['locator']>) {
  const text = await scope.innerText();
  expect(text).toContain('<script>window.__pwned');
  expect(text).toContain('<img src=x onerror=');
  expect(text).toContain('javascript:window.__pwned');
  // The RTL override is shown as a marker, so "gpj.exe" reads as written, not as ".jpg".
  expect(text).toContain('invoice_⟪U+202E⟫gpj.exe');
  expect(text).not.toContain('\u202E');
  expect(text).toContain('⟪U+0000⟫');
  expect(text).toContain('⟪U+001B⟫');
  expect(text).toContain('⟪U+200B⟫');
}

for (const build of ['http', 'single'] as Build[]) {
  test(`hostile strings render as inert, visible text through a real scan (${build})`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openApp(page, build);
    await scan(page, [hostileFile]);
    await showView(page, 'Alerts');
    const row = page.getByTestId('alert-row').first();
    await expect(row).toBeVisible();
    await expect(row).toContainText('<img src=x onerror=');
    await row.click();
    const detail = page.getByTestId('alert-detail');
    await expect(detail.getByTestId('evidence-step')).toHaveCount(2);
    await expectShownAsText(page, detail);

    // The 1 MB command line is cut, and opens a step at a time (laying out a megabyte at once
    // would freeze the page).
    const expand = detail.getByRole('button', { name: /show 100,000 more of 1,04\d,\d{3} chars/ });
    await expect(expand.first()).toBeVisible();
    const before = (await detail.innerText()).length;
    expect(before).toBeLessThan(MEGABYTE / 4);
    const started = Date.now();
    await expand.first().click();
    await expect
      .poll(async () => (await detail.innerText()).length)
      .toBeGreaterThan(before + 90_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(detail.getByRole('button', { name: 'show less' }).first()).toBeVisible();

    await detail.getByRole('tab', { name: 'Original record' }).nth(1).click();
    const raw = detail.getByTestId('raw-record');
    await expect(raw).toContainText('"@timestamp": "2026-01-15T10:00:02.500Z"');
    await expect(raw).toContainText('invoice_⟪U+202E⟫gpj.exe');
    await expect(raw.getByRole('button', { name: /show 100,000 more/ })).toBeVisible();
    await expectInert(page);
    expect(errors).toEqual([]);
  });
}

test('the hostile fixture renders as text in the component harness (table, fields, record)', async ({
  page,
  harnessUrl,
}) => {
  await page.goto(`${harnessUrl}#harness/hostile`);
  await page.getByTestId('hostile-input').setInputFiles(hostileFile);
  await expect(page.getByTestId('hostile-count')).toHaveText('2 records, 0 errors');
  const harness = page.getByTestId('hostile-harness');
  await expectShownAsText(page, harness);
  await expect(page.getByTestId('alert-row').first()).toContainText(HOSTILE.img);
  await expectInert(page);
});
