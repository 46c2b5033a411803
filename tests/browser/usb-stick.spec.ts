import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../playwright.config.ts';
import { expectReady, saveNote, singleFileUrl } from './support.ts';

// The analyst's real round trip: open sequent.html, save, quit the browser, open it again.

test('the single file keeps its data when the browser is closed and opened again', async () => {
  const url = singleFileUrl();
  const profile = mkdtempSync(join(tmpdir(), 'sequent-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
    });
  try {
    const note = `after restart ${Date.now()}`;
    const first = await launch();
    const page = first.pages()[0] ?? (await first.newPage());
    await page.goto(url);
    await expectReady(page, 'single-file build');
    await saveNote(page, note);
    await first.close();

    const second = await launch();
    const again = second.pages()[0] ?? (await second.newPage());
    await again.goto(url);
    await expectReady(again, 'single-file build');
    await expect(again.getByTestId('saved-note')).toHaveText(note);
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
