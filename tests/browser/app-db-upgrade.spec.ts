// Two tabs on one database, one of them newer: when the newer build (simulated by opening the
// database at the next version from another page, as src/store's DB_VERSION mechanism would)
// upgrades the schema, the older tab closes its connection instead of blocking the upgrade and
// shows "Sequent was updated in another tab — reload"; its calls then say so too, and so does
// the older build reloaded (it cannot read the newer schema). Over http and from file://.
import { expect, test, type Page } from '@playwright/test';
import { DB_VERSION } from '../../src/store/migrations.ts';
import { DB_NAME } from '../../src/store/open.ts';
import { openApp, showView } from '../fixtures/ui/app-helpers.ts';

/** Opens Sequent's database at the next version from `page`, as a newer build would. */
function openNewer(page: Page): Promise<{ version: number; blocked: boolean }> {
  return page.evaluate(
    ([name, version]) =>
      new Promise((resolve, reject) => {
        let blocked = false;
        const request = indexedDB.open(name, version);
        request.onblocked = () => (blocked = true);
        request.onsuccess = () => {
          const db = request.result;
          (globalThis as { newerDb?: IDBDatabase }).newerDb = db;
          resolve({ version: db.version, blocked });
        };
        request.onerror = () => reject(request.error);
      }),
    [DB_NAME, DB_VERSION + 1] as const,
  );
}

for (const build of ['http', 'single'] as const) {
  test(`an upgrade in another tab closes this tab's database and asks for a reload (${build})`, async ({
    context,
  }) => {
    const older = await context.newPage();
    await openApp(older, build);
    await older.getByRole('button', { name: 'Sessions ▾' }).click();
    await older.getByRole('button', { name: /new session/i }).click();
    await expect(older.getByTestId('db-updated')).toHaveCount(0);

    const newer = await context.newPage();
    await openApp(newer, build);
    // The upgrade goes through at once: no tab holds it up.
    expect(await openNewer(newer)).toEqual({ version: DB_VERSION + 1, blocked: false });

    const banner = older.getByTestId('db-updated');
    await expect(banner).toContainText('Sequent was updated in another tab — reload');
    await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
    // What the older tab asks of its worker now says why it cannot, rather than failing blind.
    await showView(older, 'Hunt');
    await older.getByRole('textbox', { name: 'Hunt query (EQL)' }).fill('any where true');
    await older.getByRole('button', { name: 'Run' }).click();
    await expect(older.getByText(/updated in another tab.*reload this page/).first()).toBeVisible();

    // This build reloaded cannot read the upgraded database: it says so instead of hanging.
    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect(older.getByTestId('db-updated')).toContainText(
      'Sequent was updated in another tab — reload',
      { timeout: 30_000 },
    );
  });
}
