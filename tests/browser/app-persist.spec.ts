// Persistent storage is asked for before a big scan (over 200 MB dropped), once per page, and
// not at start-up; the header says whether the browser keeps the case persistently. The
// calls to StorageManager.persist are counted by wrapping it (each still reaches the browser's
// own persist, which headless Chromium answers "no" unless the permission is granted). The
// big file is synthetic (tests/fixtures/ui/big-file.ts).
import { expect, test, type Page } from '@playwright/test';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { appUrl, openApp, POSITIVE, needFile, scan, showView } from '../fixtures/ui/app-helpers.ts';

/** 200 MiB: over the 200 MB (decimal) at which Sequent asks. */
const BIG = 200 * 1024 * 1024;

declare global {
  var persistCalls: number;
}

async function countPersistCalls(page: Page) {
  await page.addInitScript(() => {
    globalThis.persistCalls = 0;
    const real = StorageManager.prototype.persist;
    StorageManager.prototype.persist = function (this: StorageManager) {
      globalThis.persistCalls++;
      return real.call(this);
    };
  });
  return () => page.evaluate(() => globalThis.persistCalls);
}

async function scanBigAndCancel(page: Page, path: string) {
  await showView(page, 'Scan');
  await page.getByTestId('file-input').setInputFiles([path]);
  await expect(page.getByTestId('scan-progress')).toContainText(/[1-9][\d,.]* events/, {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('scan-outcome')).toContainText('Cancelled', { timeout: 30_000 });
}

for (const build of ['http', 'single'] as const) {
  test(`asks for persistent storage once, before a scan over 200 MB, not before (${build})`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const big = cachedBigNdjson(BIG);
    const calls = await countPersistCalls(page);
    await openApp(page, build);
    await expect(page.getByTestId('storage-persistence')).toHaveText('best-effort');
    expect(await calls()).toBe(0);

    await page.getByRole('button', { name: 'Sessions ▾' }).click();
    await page.getByRole('button', { name: /new session/i }).click();
    await scan(page, POSITIVE.map(needFile));
    expect(await calls()).toBe(0);

    await scanBigAndCancel(page, big.path);
    expect(await calls()).toBe(1);
    // Refused here: the page says what that means, and the header still says best-effort.
    await expect(page.getByText(/keeps this case best-effort/)).toBeVisible();
    await expect(page.getByTestId('storage-persistence')).toHaveText('best-effort');

    await scanBigAndCancel(page, big.path);
    expect(await calls()).toBe(1);
  });
}

test('the header says "persistent" when the browser keeps the storage', async ({
  page,
  context,
}) => {
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.send('Browser.grantPermissions', {
    permissions: ['durableStorage'],
    origin: new URL(appUrl('http'), test.info().project.use.baseURL).origin,
    browserContextId: targetInfo.browserContextId,
  });
  await openApp(page, 'http');
  await expect(page.getByTestId('storage-persistence')).toHaveText('persistent');
});
