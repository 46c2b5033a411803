import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  DIST,
  SINGLE_FILE,
  distFiles,
  expectReady,
  sinceNavigation,
  saveNote,
  singleFileUrl,
  tryFetch,
  watchTraffic,
} from './support.ts';

// dist-single/sequent.html opened with a double click: file://, no server at all.

test('from file:// it loads, runs the worker and keeps IndexedDB data across reloads', async ({
  page,
}) => {
  const url = singleFileUrl();
  const traffic = await watchTraffic(page);

  await page.goto(url);
  const workers = await expectReady(page, 'single-file build');
  const firstLoad = traffic.requests.length;
  // The file itself, then one in-memory blob: URL per inlined worker; nothing else.
  expect(traffic.requests.filter((u) => u.startsWith('file:'))).toEqual([url]);
  expect(traffic.requests.filter((u) => u.startsWith('blob:'))).toHaveLength(workers);

  const note = `usb ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  await saveNote(page, note);
  await page.getByTestId('echo').click();
  await expect(page.getByTestId('echo-result')).toHaveText(note);
  await page.waitForTimeout(500);
  expect(traffic.requests.slice(firstLoad), 'requests after the first load').toEqual([]);

  await page.reload();
  await expectReady(page, 'single-file build');
  await expect(page.getByTestId('saved-note')).toHaveText(note);

  expect(traffic.requests.filter((u) => !u.startsWith('blob:'))).toEqual([url, url]);
  expect(traffic.requests).toHaveLength(2 * (1 + workers));
  expect(await traffic.cspViolations()).toEqual([]);
});

test('the single file allows its inline script by hash, not unsafe-inline', () => {
  const html = readFileSync(SINGLE_FILE, 'utf8');
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  expect(scriptSrc).toMatch(/'sha256-[A-Za-z0-9+/=]{44}'/);
  expect(scriptSrc).not.toContain('unsafe');
  expect(policy).toContain("connect-src 'none'");
  expect(html).not.toMatch(/<script[^>]+src=/);
});

test('the single file forbids every connection', async ({ page, baseURL }) => {
  const traffic = await watchTraffic(page);
  await page.goto(singleFileUrl());
  await expectReady(page, 'single-file build');
  // The preview server is up and would answer: only the policy can stop this fetch.
  expect(await tryFetch(page, baseURL!)).toBe('blocked');
  expect((await traffic.cspViolations()).join('\n')).toContain('connect-src');
});

test('from file:// a worker that cannot start shows a clear message within seconds', async ({
  page,
}) => {
  await page.goto(`${singleFileUrl()}?brokenWorker=error`);
  const alert = page.getByTestId('worker-error');
  await expect(alert).toBeVisible({ timeout: 6_000 });
  await expect(alert).toContainText('The scanning worker could not start');
  expect(await sinceNavigation(page)).toBeLessThan(6_000);
});

test('the static site opened from file:// explains what to open instead', async ({ page }) => {
  distFiles();
  // Browsers refuse module scripts from file://, so the app never starts; the page's own
  // text must then say what to do.
  await page.goto(pathToFileURL(join(DIST, 'index.html')).href);
  await page.waitForTimeout(1_000);
  await expect(page.locator('#boot-message')).toBeVisible();
  await expect(page.locator('#boot-message')).toContainText('sequent.html');
  await expect(page.getByTestId('worker-status')).toHaveCount(0);
});
