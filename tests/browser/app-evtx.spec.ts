// Issue 12: raw .evtx files picked in the page (served over http, and the single file from
// file://) are read in the browser's workers, each with its own progress, and each file row
// says evtx with what was read. Real files from EVTX-ATTACK-SAMPLES (../shared).
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  SHARED,
  needFile,
  openApp,
  scan,
  showView,
  type Build,
} from '../fixtures/ui/app-helpers.ts';

const FILES = [
  // One chunk: the winrs remote shell (winrshost.exe starting cmd.exe /C ipconfig).
  {
    path: join(SHARED, 'samples', 'evtx-attack-samples', 'LM_winrm_exec_sysmon_1_winrshost.evtx'),
    records: 3,
    chunks: 1,
  },
  // Three chunks and empty, never written ones after them.
  {
    path: join(SHARED, 'evtx-corpus', 'evtx', 'Execution__rogue_msi_url_1040_1042.evtx'),
    records: 351,
    chunks: 3,
  },
  { path: join(SHARED, 'evtx-corpus', 'evtx', 'UACME_59_Sysmon.evtx'), records: 7, chunks: 1 },
];

for (const build of ['http', 'single'] as Build[]) {
  test(`raw .evtx files are scanned in the page, each row says evtx (${build})`, async ({
    page,
  }) => {
    const paths = FILES.map((f) => needFile(f.path));
    await openApp(page, build);
    const outcome = await scan(page, paths);
    expect(outcome).toContain('Finished: 3 files');
    for (const f of FILES) {
      const name = f.path.slice(f.path.lastIndexOf('/') + 1);
      const row = page.getByTestId('file-row').filter({ hasText: name });
      await expect(row).toHaveAttribute('data-status', 'done');
      // Per-file progress: the row counted this file's events as it read them.
      await expect(row.locator('.events')).toHaveText(`${f.records} events`);
      await expect(row).toContainText(`${f.records} read`);
      await expect(row).toContainText('evtx · binary');
      await expect(row.getByTestId('file-evtx')).toHaveText(
        `evtx: ${f.chunks} chunk${f.chunks > 1 ? 's' : ''} and ${f.records} records read; nothing damaged`,
      );
      await expect(row).toContainText('no message text');
    }
    // The winrs execution is found on the raw log as on its XML.
    const winrs = page.getByTestId('file-row').filter({ hasText: 'winrshost' });
    await expect(winrs).toContainText('DC1.insecurebank.local');

    // Its evidence, hunted: a raw .evtx has no lines, so the event is placed by record, and its
    // original record is the rendered XML.
    await showView(page, 'Hunt');
    await page
      .getByTestId('query-editor')
      .fill('process where process.parent.name : "winrshost.exe"');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('hunt-row').first().click();
    const detail = page.getByTestId('alert-detail');
    await expect(detail).toContainText('from LM_winrm_exec_sysmon_1_winrshost.evtx, record 2');
    await detail.getByRole('tab', { name: 'Original record' }).click();
    await expect(detail.getByTestId('raw-record')).toContainText(
      '<EventRecordID>17985</EventRecordID>',
    );
  });
}
