import { expect, test } from '@playwright/test';
import {
  distFiles,
  expectReady,
  saveNote,
  sinceNavigation,
  tryFetch,
  watchTraffic,
} from './support.ts';

// The static site (dist/) served by `vite preview`, as any static server would.

test('loads, talks to the worker, keeps a note across a reload, and fetches only its own files', async ({
  page,
  baseURL,
}) => {
  const own = distFiles();
  const traffic = await watchTraffic(page);

  await page.goto('./');
  const workers = await expectReady(page, 'static site');
  // The page, its script, its stylesheet, and the worker script once per worker.
  expect(traffic.requests).toHaveLength(3 + workers);

  const note = `note ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  await saveNote(page, note);
  await page.getByTestId('echo').click();
  await expect(page.getByTestId('echo-result')).toHaveText(note);

  const afterLoad = traffic.requests.length;
  await page.waitForTimeout(500);
  expect(traffic.requests.slice(afterLoad), 'requests after the page had loaded').toEqual([]);

  await page.reload();
  await expectReady(page, 'static site');
  await expect(page.getByTestId('saved-note')).toHaveText(note);
  await expect(page.getByTestId('note-input')).toHaveValue(note);

  expect(traffic.requests).toHaveLength(2 * (3 + workers));
  for (const url of traffic.requests) {
    expect(url.startsWith(baseURL!), `${url} is not on the app's origin`).toBe(true);
    const path = decodeURIComponent(new URL(url).pathname.slice(1)) || 'index.html';
    expect(own.has(path), `${url} is not one of the built files`).toBe(true);
  }
  expect(await traffic.cspViolations()).toEqual([]);
});

test('the Content-Security-Policy forbids every connection', async ({ page, baseURL }) => {
  const traffic = await watchTraffic(page);
  await page.goto('./');
  await expectReady(page, 'static site');
  expect(await tryFetch(page, baseURL!)).toBe('blocked');
  expect((await traffic.cspViolations()).join('\n')).toContain('connect-src');
});

test('a worker that dies while loading shows a clear message within seconds', async ({ page }) => {
  await page.goto('./?brokenWorker=error');
  const alert = page.getByTestId('worker-error');
  await expect(alert).toBeVisible({ timeout: 6_000 });
  await expect(alert).toContainText('The scanning worker could not start');
  await expect(alert).toContainText('simulated start-up failure');
  expect(await sinceNavigation(page)).toBeLessThan(6_000);
});

test('a worker that never answers shows a clear message instead of hanging', async ({ page }) => {
  await page.goto('./?brokenWorker=silent');
  await expect(page.getByTestId('worker-status')).toContainText('Starting');
  const alert = page.getByTestId('worker-error');
  await expect(alert).toBeVisible({ timeout: 12_000 });
  await expect(alert).toContainText('did not answer within 8 s');
  expect(await sinceNavigation(page)).toBeLessThan(12_000);
});
