// The first screen a responder meets: the drop zone with the demo offered beside it, no
// developer strip, and files dropped on any view scanning into a case of their own.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  POSITIVE,
  needFile,
  openApp,
  showView,
  tempFile,
  type Build,
} from '../fixtures/ui/app-helpers.ts';

/** Drops real File objects on `selector` through a real drop event, as a desktop drag does. */
async function dropOn(page: Page, selector: string, paths: string[]) {
  const files = paths.map((p) => ({ name: basename(p), text: readFileSync(p, 'utf8') }));
  await page.locator(selector).evaluate((target, list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name, { type: '' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(
        new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
      );
    }
  }, files);
}

for (const build of ['http', 'single'] as Build[]) {
  test(`${build}: a first visit opens on the drop zone, the demo offered beside it`, async ({
    page,
  }) => {
    await openApp(page, build);
    await expect(page.getByRole('tab', { name: /^Scan/ })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('drop-zone')).toBeVisible();
    await expect(page.getByTestId('session-item')).toHaveCount(0);
    // The foundation's self-check is no longer on the page, only behind the About menu.
    await expect(page.getByText('Storage check')).toHaveCount(0);
    await expect(page.getByTestId('note-input')).toBeHidden();
    await page.getByTestId('about').locator('summary').click();
    await expect(page.getByTestId('worker-status')).toContainText('Ready');
    await expect(page.getByTestId('note-input')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('note-input')).toBeHidden();

    await page.getByTestId('open-demo').click();
    await expect(page.getByTestId('session-name')).toContainText(/demo/i);
    await expect(page.getByRole('tab', { name: /^Alerts/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('alert-row').first()).toBeVisible();
    // The demo is remembered as the last session: a reload reopens it, not the first screen.
    await page.reload();
    await expect(page.getByTestId('session-name')).toContainText(/demo/i);
  });
}

test('files dropped on the alerts view scan into a new case, never into the demo', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
  await showView(page, 'Alerts');
  await dropOn(page, 'main', POSITIVE.map(needFile));
  await expect(page.getByTestId('scan-outcome')).toContainText('Finished: 2 files, 1 alert', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('session-name')).not.toContainText(/demo/i);
  await expect(page.getByTestId('file-row')).toHaveCount(2);
  // A second drop on another view adds to the same case (synthetic one-event file).
  const extra = tempFile(
    'extra.ndjson',
    JSON.stringify({
      '@timestamp': '2024-05-06T09:00:00Z',
      event: { category: ['process'], type: ['start'] },
      host: { name: 'wks-0009', id: 'wks-0009' },
      process: { name: 'notepad.exe', pid: 42 },
    }) + '\n',
  );
  await showView(page, 'Timeline');
  await dropOn(page, 'main', [extra]);
  await expect(page.getByTestId('scan-outcome')).toContainText('Finished: 1 file', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('file-row')).toHaveCount(3);
});
