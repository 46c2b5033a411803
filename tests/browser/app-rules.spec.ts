import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  UI_FIXTURES,
  openApp,
  ruleItem,
  scan,
  showView,
  tempFile,
} from '../fixtures/ui/app-helpers.ts';
import { hostileEvents, ndjson } from '../fixtures/ui/generate.ts';

// Issue 7, bring your own rules: import TOML and a Kibana export, list what cannot run,
// re-run on the session and see what changed; write a rule with live validation.

const TOML_RULE = 'UI test: process under winrshost (TOML)';
const KIBANA_RULE = 'UI test: incoming 5985 (Kibana NDJSON)';
const KQL_RULE = 'UI test: KQL query rule (unsupported)';

test('imported TOML, Kibana and KQL rules fire on the open session at once', async ({ page }) => {
  const events = tempFile('winrm-synthetic.ndjson', ndjson(hostileEvents()));
  await openApp(page);
  await scan(page, [events]);

  await showView(page, 'Rules');
  await page
    .getByTestId('rules-file-input')
    .setInputFiles([
      join(UI_FIXTURES, 'rules', 'winrshost-child.toml'),
      join(UI_FIXTURES, 'rules', 'kibana-export.ndjson'),
    ]);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText(TOML_RULE);
  await expect(report).toContainText(KIBANA_RULE);
  // The fixture's KQL rule was once listed as unsupported (hence its name): now it runs.
  await expect(report).toContainText(KQL_RULE);
  await expect(report.getByTestId('import-unsupported')).toHaveCount(0);

  // The imported rule keeps its metadata.
  await ruleItem(page, TOML_RULE).click();
  const detail = page.getByTestId('rule-detail');
  await expect(detail).toContainText('TA0008');
  await expect(detail).toContainText('Lateral Movement');
  await expect(detail.getByRole('link', { name: 'TA0008' })).toHaveAttribute(
    'href',
    'https://attack.mitre.org/tactics/TA0008/',
  );
  await ruleItem(page, KQL_RULE).click();
  await expect(detail).toContainText('query · kuery');
  await expect(detail).not.toContainText('Not run here');

  // No re-run pressed: the import ran the new rules on the session.
  const diff = page.getByTestId('rerun-diff');
  await expect(diff).toContainText(TOML_RULE);
  await expect(diff).toContainText(KIBANA_RULE);

  await showView(page, 'Alerts');
  for (const name of [TOML_RULE, KIBANA_RULE]) {
    await expect(page.getByTestId('alert-row').filter({ hasText: name })).toHaveCount(1);
  }

  // Exporting the rule set downloads a file with the imported rules in it.
  await showView(page, 'Rules');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export NDJSON' }).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8')).toContain(KIBANA_RULE);
});

test('a new rule is validated live, with the error positioned under the query', async ({
  page,
}) => {
  await openApp(page);
  await showView(page, 'Rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByTestId('rule-editor');
  await editor.getByTestId('rule-name').fill('UI test: typed in the editor');
  const query = editor.getByTestId('query-editor');
  await query.fill('process where process.name == "cmd.exe" and');
  const error = editor.getByTestId('query-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('line 1');
  await expect(error.locator('.caret')).toHaveText(/\^+/);
  await expect(editor.getByTestId('rule-save')).toBeDisabled();

  await query.fill('process where process.name == "cmd.exe"');
  await expect(editor.getByTestId('query-ok')).toBeVisible();
  await editor.getByTestId('rule-save').click();
  await expect(ruleItem(page, 'UI test: typed in the editor')).toBeVisible();
  await expect(page.getByTestId('rule-query')).toContainText('process.name == "cmd.exe"');
});
