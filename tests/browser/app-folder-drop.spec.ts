import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import {
  ELASTIC_WINRM,
  POSITIVE,
  UI_FIXTURES,
  needFile,
  openApp,
  showView,
  type Build,
} from '../fixtures/ui/app-helpers.ts';
import { bigEvents, ndjson } from '../fixtures/ui/generate.ts';

// Issue 6: a folder dragged from the desktop. Playwright cannot drag an OS folder, but the
// DevTools protocol's Input.dispatchDragEvent goes through Chromium's own drop path: the
// paths become the drop's filenames, the browser registers them in an isolated file system,
// and a directory reaches the page as a FileSystemDirectoryEntry, as a real drag would.
// No synthetic DataTransfer: that is what app-views.spec.ts's picker test cannot cover.

/** Events in the zip of benign synthetic events. */
const BENIGN = 400;
const WINRM_SINGLE = join(UI_FIXTURES, '..', 'services', 'winrm-positive.ndjson');

/**
 * A synthetic case folder: the one-file WinRM positive (host ws1) two folders down, the
 * process half of the wks-0002 positive gzip'd, and a hidden ".DS_Store" holding a whole
 * positive (if it were read, its events would show as a third file row). The network half
 * of wks-0002 is returned as a loose file to drop beside the folder: only with both halves,
 * one of them decompressed, does wks-0002 alert. A zip of benign events (two members, one in
 * a folder inside the archive) rides along: it must be opened, read and give no alert.
 */
function caseFolder(): { folder: string; loose: string } {
  const [network, processes] = POSITIVE.map(needFile);
  const root = mkdtempSync(join(tmpdir(), 'sequent-ui-drop-'));
  const folder = join(root, 'case');
  mkdirSync(join(folder, 'sub', 'deeper'), { recursive: true });
  copyFileSync(needFile(WINRM_SINGLE), join(folder, 'sub', 'deeper', 'winrm.ndjson'));
  writeFileSync(join(folder, 'sub', 'process.ndjson.gz'), gzipSync(readFileSync(processes)));
  copyFileSync(needFile(WINRM_SINGLE), join(folder, '.DS_Store'));
  const benign = bigEvents(BENIGN);
  const archive = zipSync({
    'a.ndjson': strToU8(ndjson(benign.slice(0, BENIGN / 2))),
    'more/b.ndjson': strToU8(ndjson(benign.slice(BENIGN / 2))),
  });
  writeFileSync(join(folder, 'benign.zip'), archive);
  const loose = join(root, 'network.ndjson');
  copyFileSync(network, loose);
  return { folder, loose };
}

type DragType = 'dragEnter' | 'dragOver' | 'drop';

/**
 * Drags OS paths through the browser's drop path, one step per call, over the drop zone's
 * middle or (to leave it) over the page's top-left corner, outside the zone. CDP's
 * 'dragCancel' is no way to leave: Chromium fires no dragleave for it.
 */
async function nativeDrag(page: Page, paths: string[]) {
  const cdp = await page.context().newCDPSession(page);
  const box = await page.getByTestId('drop-zone').boundingBox();
  if (!box) throw new Error('the drop zone is not on screen');
  const zone = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const outside = { x: 2, y: 2 };
  // 1 = copy, the only operation the zone accepts (dropEffect 'copy').
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  return (type: DragType, where: 'zone' | 'outside' = 'zone') =>
    cdp.send('Input.dispatchDragEvent', {
      type,
      ...(where === 'zone' ? zone : outside),
      data,
    });
}

for (const build of ['http', 'single'] as Build[]) {
  test(`a folder dragged from the OS is walked with its sub-folders (${build})`, async ({
    page,
  }) => {
    const { folder, loose } = caseFolder();
    await openApp(page, build);
    await showView(page, 'Scan');
    const zone = page.getByTestId('drop-zone');
    await expect(zone).not.toHaveClass(/\bover\b/);

    const drag = await nativeDrag(page, [folder, loose]);
    // The zone highlights on dragover (which a real drag repeats while over it), not on enter.
    await drag('dragEnter');
    await drag('dragOver');
    await expect(zone).toHaveClass(/\bover\b/);
    await drag('drop');
    await expect(zone).not.toHaveClass(/\bover\b/);

    const outcome = page.getByTestId('scan-outcome');
    // ws1 and wks-0002 by the Elastic WinRM rule, srv1 (also in winrm.ndjson) by Sequent's own.
    await expect(outcome).toContainText('Finished: 4 files, 3 alerts', { timeout: 60_000 });
    // A file from the folder goes by its path in it; the loose file by its name.
    const names = page.getByTestId('file-row').locator('.name');
    expect((await names.allInnerTexts()).sort()).toEqual([
      'case/benign.zip',
      'case/sub/deeper/winrm.ndjson',
      'case/sub/process.ndjson.gz',
      'network.ndjson',
    ]);
    await expect(page.getByTestId('file-row').filter({ hasText: '.DS_Store' })).toHaveCount(0);
    for (const row of await page.getByTestId('file-row').all()) {
      await expect(row).toHaveAttribute('data-status', 'done');
    }
    const zip = page.getByTestId('file-row').filter({ hasText: 'case/benign.zip' });
    await expect(zip).toContainText(/zip/i);
    await expect(zip).toContainText(`${BENIGN} read`);

    await showView(page, 'Alerts');
    const alerts = page.getByTestId('alert-row');
    await expect(alerts).toHaveCount(3);
    // The gz'd half and the loose half of wks-0002 only alert together.
    for (const host of ['ws1', 'wks-0002']) {
      const row = alerts.filter({ has: page.getByRole('gridcell', { name: host, exact: true }) });
      await expect(row.getByRole('gridcell', { name: ELASTIC_WINRM, exact: true })).toBeVisible();
    }
  });

  test(`a drag that leaves unhighlights; a folder of hidden files says so (${build})`, async ({
    page,
  }) => {
    const folder = join(mkdtempSync(join(tmpdir(), 'sequent-ui-drop-')), 'hidden-only');
    mkdirSync(join(folder, '.git'), { recursive: true });
    copyFileSync(needFile(WINRM_SINGLE), join(folder, '.DS_Store'));
    copyFileSync(needFile(WINRM_SINGLE), join(folder, '.git', 'events.ndjson'));
    await openApp(page, build);
    await showView(page, 'Scan');
    const zone = page.getByTestId('drop-zone');

    const drag = await nativeDrag(page, [folder]);
    await drag('dragEnter');
    await drag('dragOver');
    await expect(zone).toHaveClass(/\bover\b/);
    await drag('dragOver', 'outside');
    await expect(zone).not.toHaveClass(/\bover\b/);

    await drag('dragEnter');
    await drag('dragOver');
    await drag('drop');
    await expect(page.getByTestId('drop-error')).toHaveText(/Nothing to scan/);
    // Nothing was scanned: still the first screen, with no case and no file rows.
    await expect(page.getByTestId('scan-outcome')).toHaveCount(0);
    await expect(page.getByTestId('file-row')).toHaveCount(0);
    await expect(page.getByTestId('welcome')).toBeVisible();
  });
}
