import { expect, test, type Page } from '@playwright/test';
import { DB_NAME } from '../../src/store/open.ts';
import {
  ELASTIC_WINRM,
  POSITIVE,
  needFile,
  openApp,
  scan,
  showView,
} from '../fixtures/ui/app-helpers.ts';

// Issue 13: a scan stores its alerts without their explanations ("why it matched"); the worker
// builds them when an alert is opened. The alert view shows them as before, after a reload too.

interface StoredSteps {
  compiledWith: unknown;
  explained: boolean[];
}

/** The session's alerts as IndexedDB holds them: how they were compiled, which steps are explained. */
function storedAlerts(page: Page): Promise<StoredSteps[]> {
  return page.evaluate(
    (name) =>
      new Promise<StoredSteps[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('alerts').objectStore('alerts').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(
              (req.result as { detail: { compiledWith?: unknown; steps: object[] } }[]).map(
                (a) => ({
                  compiledWith: a.detail.compiledWith ?? null,
                  explained: a.detail.steps.map((s) => 'explanation' in s),
                }),
              ),
            );
          };
          req.onerror = () => reject(req.error);
        };
      }),
    DB_NAME,
  );
}

/** Opens the WinRM alert and returns each step's "Why it matched" tree as text. */
async function whyItMatched(page: Page): Promise<string[]> {
  await showView(page, 'Alerts');
  const row = page.getByTestId('alert-row').filter({ hasText: ELASTIC_WINRM });
  await expect(row).toHaveCount(1);
  await row.click();
  const steps = page.getByTestId('alert-detail').getByTestId('evidence-step');
  await expect(steps).toHaveCount(2);
  const why = steps.locator('details', { hasText: 'Why it matched' });
  await expect(why).toHaveCount(2);
  return why.allInnerTexts();
}

test('an opened alert says why it matched, built from what is stored, after a reload too', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, POSITIVE.map(needFile));

  const first = await whyItMatched(page);
  // The second step: the whole condition held, and the value that made it hold is named.
  expect(first[1].split('\n')[1]).toMatch(/^✔ event\.type == "start" and process\.parent\.name/);
  expect(first[1]).toContain('process.parent.name = winrshost.exe');

  // Stored without them: the scan did not build them.
  const stored = await storedAlerts(page);
  expect(stored.length).toBeGreaterThan(0);
  for (const a of stored) {
    expect(a.compiledWith).not.toBeNull();
    expect(a.explained.every((e) => !e)).toBe(true);
  }

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  expect(await whyItMatched(page)).toEqual(first);
});
