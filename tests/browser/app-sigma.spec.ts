import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHARED, needFile, openApp, ruleItem, scan, showView } from '../fixtures/ui/app-helpers.ts';

// Issue 15: a SigmaHQ rule imported on the rules page runs on the same engine: it fires on
// its own regression recording (real evtx_dump JSON), shows its YAML beside the EQL with its
// author credited, and the EQL can be taken further as a new rule.

const RULE = join(
  SHARED,
  'sigma/rules/windows/process_creation/proc_creation_win_amsi_registry_tampering.yml',
);
const RECORDING = join(
  SHARED,
  'sigma/regression_data/rules/windows/process_creation/proc_creation_win_amsi_registry_tampering/7dbbcac2-57a0-45ac-b306-ff30a8bd2981.json',
);
const TITLE = 'Windows AMSI Related Registry Tampering Via CommandLine';

test('a Sigma rule imports, fires on its recording and shows its YAML beside the EQL', async ({
  page,
}) => {
  needFile(RULE);
  needFile(RECORDING);
  await openApp(page);
  await scan(page, [RECORDING]);

  await showView(page, 'Rules');
  await page.getByTestId('rules-file-input').setInputFiles([RULE]);
  await expect(page.getByTestId('import-report')).toContainText(TITLE);

  await ruleItem(page, TITLE).click();
  const detail = page.getByTestId('rule-detail');
  await expect(detail).toContainText('Swachchhanda Shrawan Poudel (Nextron Systems)');
  const source = detail.getByTestId('sigma-source');
  await expect(source.getByTestId('sigma-yaml')).toContainText('AmsiEnable');
  await expect(source.getByTestId('rule-query')).toContainText('process where');

  // Imported rules run on the open session at once: the alert is there without a re-run.
  await showView(page, 'Alerts');
  await expect(page.getByTestId('alert-row').filter({ hasText: TITLE })).toHaveCount(1);

  await showView(page, 'Rules');
  await ruleItem(page, TITLE).click();
  await page.getByTestId('sigma-edit-as-new').click();
  const editor = page.getByTestId('rule-editor');
  await expect(editor.getByTestId('rule-name')).toHaveValue(`${TITLE} (edited)`);
  await expect(editor.getByTestId('query-ok')).toBeVisible();
  await editor.getByTestId('rule-save').click();
  await expect(ruleItem(page, `${TITLE} (edited)`)).toBeVisible();
});
