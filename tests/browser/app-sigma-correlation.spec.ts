import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, openApp, scan, showView, tempFile } from '../fixtures/ui/app-helpers.ts';
import { plantedLines } from '../fixtures/sigma-correlation/planted.ts';

// Issue 15: Sigma correlations through the app. The synthetic rules folder (base rules and an
// event_count, value_count, temporal_ordered and temporal correlation) is dropped on the rules
// page of a session holding the planted events (synthetic evtx_dump records): the correlations
// fire at once, each alert showing every contributing event.

const FOLDER = join(ROOT, 'tests/fixtures/sigma-correlation/rules');
const BRUTE = 'Synthetic brute force - 5 failed logons for one account';
const SPRAY = 'Synthetic password spray - 3 accounts from one address';
const ORDERED = 'Synthetic recon in order - whoami then net user';
const ANY_ORDER = 'Synthetic recon in any order - whoami and net user';

const rows = (page: Page, name: string) => page.getByTestId('alert-row').filter({ hasText: name });

async function evidence(page: Page, name: string, steps: number) {
  await rows(page, name).first().click();
  const detail = page.getByTestId('alert-detail');
  await expect(detail).toContainText(name);
  await expect(detail.getByTestId('evidence-step')).toHaveCount(steps);
}

test('Sigma event_count, value_count, temporal_ordered and temporal correlations fire', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, [tempFile('sigma-correlation-planted-synthetic.jsonl', plantedLines())]);

  await showView(page, 'Rules');
  await page.locator('input[webkitdirectory]').setInputFiles(FOLDER);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('Imported');
  await expect(summary).not.toContainText('invalid');
  await expect(summary).not.toContainText('cannot run here');
  await expect(page.getByTestId('rerun-diff')).toBeVisible({ timeout: 60_000 });

  await showView(page, 'Alerts');
  await expect(rows(page, BRUTE)).toHaveCount(1);
  await expect(rows(page, SPRAY)).toHaveCount(1);
  await expect(rows(page, ORDERED)).toHaveCount(1);
  // One sequence per order: ws1 ran whoami first, ws2 net user first.
  await expect(rows(page, ANY_ORDER)).toHaveCount(2);
  // The base rules run only inside their correlations.
  await expect(rows(page, 'Synthetic failed logon')).toHaveCount(0);

  await evidence(page, BRUTE, 5);
  await evidence(page, SPRAY, 3);
  await evidence(page, ORDERED, 2);
});
