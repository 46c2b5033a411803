import { expect, test, type Page } from '@playwright/test';
import {
  ELASTIC_WINRM,
  openApp,
  ruleItem,
  scan,
  showView,
  tempFile,
} from '../fixtures/ui/app-helpers.ts';
import { hostileEvents, ndjson } from '../fixtures/ui/generate.ts';
import { WINRM_ELASTIC_RULE_ID, WINRM_SEQUENT_RULE_ID } from '../../src/rules/index.ts';

// Issue 14: an imported rule with a built-in's rule_id is kept beside it and reported; the
// analyst may replace the built-in (switched off, marked, its alerts gone, the import's
// running) and undo that; a reload keeps the choice. Events and the rule are synthetic.

const REPLACEMENT = 'Synthetic replacement: winrshost child';
const replacement = JSON.stringify({
  rule_id: WINRM_ELASTIC_RULE_ID,
  name: REPLACEMENT,
  description: 'Synthetic rule sharing the built-in WinRM rule_id.',
  type: 'eql',
  language: 'eql',
  query: 'process where event.type == "start" and process.parent.name == "winrshost.exe"',
  severity: 'high',
  risk_score: 73,
  enabled: true,
  version: 1,
  author: ['Sequent tests'],
  threat: [],
  tags: [],
});

const rows = (page: Page, name: string) => page.getByTestId('alert-row').filter({ hasText: name });

async function alertCounts(page: Page, builtin: number, imported: number) {
  await showView(page, 'Alerts');
  await expect(rows(page, ELASTIC_WINRM)).toHaveCount(builtin, { timeout: 30_000 });
  await expect(rows(page, REPLACEMENT)).toHaveCount(imported);
}

async function builtinItem(page: Page) {
  await showView(page, 'Rules');
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('WinRM Remote Shell');
  return ruleItem(page, ELASTIC_WINRM);
}

test('a built-in can be replaced by the imported rule of its rule_id, and restored', async ({
  page,
}) => {
  await openApp(page);
  await scan(page, [tempFile('winrm-synthetic.ndjson', ndjson(hostileEvents()))]);
  await alertCounts(page, 1, 0);

  await showView(page, 'Rules');
  await page
    .getByTestId('rules-file-input')
    .setInputFiles(tempFile('replacement.ndjson', replacement));
  const collision = page.getByTestId('import-collision');
  await expect(collision).toContainText(`${WINRM_ELASTIC_RULE_ID}:imported`);
  await expect(collision).toContainText(`beside the built-in "${ELASTIC_WINRM}"`);
  const diff = page.getByTestId('rerun-diff');
  await expect(diff).toContainText('Ran 1 rule: 1 new', { timeout: 30_000 });
  await alertCounts(page, 1, 1);

  // Replace: the built-in is switched off and marked, its alert goes, the import's stays.
  await showView(page, 'Rules');
  await collision.getByTestId('replace-builtin').click();
  await expect(collision).toContainText(`in place of the built-in "${ELASTIC_WINRM}"`);
  await expect(diff).toContainText('1 gone', { timeout: 30_000 });
  await expect(await builtinItem(page)).toContainText('replaced');
  await alertCounts(page, 0, 1);

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await alertCounts(page, 0, 1);
  const item = await builtinItem(page);
  await expect(item).toHaveClass(/off/);
  await item.click();
  const detail = page.getByTestId('rule-detail');
  await expect(detail.getByTestId('rule-replaced')).toContainText(
    `${WINRM_ELASTIC_RULE_ID}:imported`,
  );

  // Restore: the built-in runs again beside the import.
  await detail.getByTestId('restore-builtin-detail').click();
  await expect(diff).toContainText('1 new', { timeout: 30_000 });
  await expect(detail.getByTestId('rule-replaced')).toHaveCount(0);
  await expect(detail.getByTestId('rule-enabled')).toBeChecked();
  await alertCounts(page, 1, 1);
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await alertCounts(page, 1, 1);
});

test("all of an import's collisions are replaced at once, and each can be restored", async ({
  page,
}) => {
  await openApp(page);
  await scan(page, [tempFile('winrm-synthetic.ndjson', ndjson(hostileEvents()))]);
  await showView(page, 'Rules');
  const second = replacement
    .replace(WINRM_ELASTIC_RULE_ID, WINRM_SEQUENT_RULE_ID)
    .replace(REPLACEMENT, `${REPLACEMENT} (2)`);
  await page
    .getByTestId('rules-file-input')
    .setInputFiles(tempFile('replacements.ndjson', `${replacement}\n${second}`));
  const collisions = page.getByTestId('import-collision');
  await expect(collisions).toHaveCount(2);
  await expect(page.getByTestId('rerun-diff')).toContainText('Ran 2 rules', { timeout: 30_000 });
  await page.getByTestId('replace-all-builtins').click();
  await expect(collisions.getByTestId('restore-builtin')).toHaveCount(2);
  await expect(page.getByTestId('replace-all-builtins')).toHaveCount(0);
  await showView(page, 'Alerts');
  await expect(rows(page, ELASTIC_WINRM)).toHaveCount(0, { timeout: 30_000 });

  await showView(page, 'Rules');
  await collisions.first().getByTestId('restore-builtin').click();
  await expect(collisions.getByTestId('replace-builtin')).toHaveCount(1);
  await expect(collisions.getByTestId('restore-builtin')).toHaveCount(1);
});
