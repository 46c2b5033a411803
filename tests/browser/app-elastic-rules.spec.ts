import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  SHARED,
  needFile,
  openApp,
  ruleItem,
  scan,
  showView,
  tempFile,
} from '../fixtures/ui/app-helpers.ts';

// Issue 14: one drop of Elastic's windows rules folder onto an open session. KQL, threshold
// and new terms rules run at once (no re-run to press); a reload keeps the rules, their
// switches and the alerts. The events are synthetic, written here to meet three of the
// folder's rules.

const KQL = 'Sensitive Privilege SeEnableDelegationPrivilege assigned to a Principal';
const THRESHOLD = 'High Number of Process and/or Service Terminations';
const NEW_TERMS = 'First Time Seen Removable Device';

const at = (s: number) => new Date(Date.parse('2024-05-01T10:00:00Z') + s * 1000).toISOString();
const host = { id: 'synthetic-host-1', name: 'ws1', os: { type: 'windows' } };

function events(): string {
  const stops = Array.from({ length: 10 }, (_, i) => ({
    '@timestamp': at(i * 10),
    event: { category: ['process'], type: ['start'], code: '1' },
    host,
    process: { name: 'net.exe', args: ['net.exe', 'stop', `svc${i}`], parent: { name: 'cmd.exe' } },
  }));
  const privilege = {
    '@timestamp': at(200),
    event: { code: '4704', category: ['iam'] },
    host,
    winlog: { event_data: { PrivilegeList: 'SeEnableDelegationPrivilege' } },
  };
  const usb = {
    '@timestamp': at(300),
    event: { category: ['registry'], code: '13' },
    host,
    registry: {
      value: 'FriendlyName',
      path: 'HKLM\\SYSTEM\\ControlSet001\\Enum\\USBSTOR\\Disk&Ven_Synthetic\\1\\FriendlyName',
    },
  };
  return [...stops, privilege, usb].map((e) => JSON.stringify(e)).join('\n');
}

test('the windows rules folder imports and runs on the open session; a reload keeps it all', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const folder = needFile(join(SHARED, 'detection-rules', 'rules', 'windows'));
  await openApp(page);
  await scan(page, [tempFile('elastic-rules-synthetic.ndjson', events())]);

  await showView(page, 'Rules');
  await page.locator('input[webkitdirectory]').setInputFiles(folder);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText(/Imported \d+ new rules/, { timeout: 120_000 });
  await expect(summary).toContainText('cannot run here');
  await expect(page.getByTestId('import-unsupported')).toContainText('esql');

  // Nothing else pressed: the imported rules run on the session by themselves.
  await expect(page.getByTestId('rerun-diff')).toBeVisible({ timeout: 120_000 });
  await showView(page, 'Alerts');
  for (const name of [KQL, THRESHOLD, NEW_TERMS])
    await expect(page.getByTestId('alert-row').filter({ hasText: name })).toHaveCount(1);

  // Switch one rule off, then reload.
  await showView(page, 'Rules');
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('Removable Device');
  await ruleItem(page, NEW_TERMS).click();
  await page.getByTestId('rule-enabled').uncheck();
  await expect(ruleItem(page, NEW_TERMS)).toHaveClass(/off/);

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await showView(page, 'Alerts');
  for (const name of [KQL, THRESHOLD, NEW_TERMS])
    await expect(page.getByTestId('alert-row').filter({ hasText: name })).toHaveCount(1);
  await showView(page, 'Rules');
  await page.getByRole('combobox', { name: 'Type' }).selectOption('threshold');
  await expect(ruleItem(page, THRESHOLD)).toBeVisible();
  await page.getByRole('combobox', { name: 'Type' }).selectOption('');
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('Removable Device');
  await expect(ruleItem(page, NEW_TERMS)).toHaveClass(/off/);
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('');
  await page.getByRole('combobox', { name: 'Fired' }).selectOption('yes');
  await expect(page.getByTestId('rule-item')).toHaveCount(3);
});
