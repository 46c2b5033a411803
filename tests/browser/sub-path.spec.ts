import { expect, test } from '@playwright/test';
import { serveStatic } from './static-server.ts';
import { DIST, distFiles, expectReady, saveNote, watchTraffic } from './support.ts';

// dist/ uses relative paths, so it must work from any folder of any static server.

test('the static site works from a sub-path of a plain static server', async ({ page }) => {
  distFiles();
  const mount = '/cases/2026-11/sequent/';
  const server = await serveStatic(DIST, mount);
  try {
    const traffic = await watchTraffic(page);
    await page.goto(server.url);
    const workers = await expectReady(page, 'static site');
    const note = `sub-path ${Date.now()}`;
    await saveNote(page, note);
    await page.reload();
    await expect(page.getByTestId('saved-note')).toHaveText(note);

    expect(traffic.requests).toHaveLength(2 * (3 + workers));
    for (const url of traffic.requests) expect(url.startsWith(server.url), url).toBe(true);
  } finally {
    await server.close();
  }
});
