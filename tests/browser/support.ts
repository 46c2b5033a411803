import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const SINGLE_FILE = join(ROOT, 'dist-single', 'sequent.html');

/** The file:// URL of the single-file build; fails with the fix when it is not built. */
export function singleFileUrl(): string {
  if (!existsSync(SINGLE_FILE)) {
    throw new Error(`${SINGLE_FILE} is missing: run \`npm run build\` before the browser tests`);
  }
  return pathToFileURL(SINGLE_FILE).href;
}

/** Every file of the static build, as paths relative to dist/ ("index.html", "assets/…"). */
export function distFiles(): Set<string> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST} is missing: run \`npm run build\` before the browser tests`);
  }
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.add(relative(DIST, path).split('\\').join('/'));
    }
  };
  walk(DIST);
  return files;
}

/** Records every request the page (and its workers) make, and every CSP violation. */
export async function watchTraffic(page: Page) {
  const requests: string[] = [];
  // On the context, so that the workers' own requests are counted too.
  page.context().on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return {
    requests,
    cspViolations: () =>
      page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

/** Waits for the worker handshake to show on the placeholder page; returns the worker count. */
export async function expectReady(
  page: Page,
  build: 'static site' | 'single-file build',
): Promise<number> {
  const status = page.getByTestId('worker-status');
  await expect(status).toContainText('Ready', { timeout: 15_000 });
  await expect(status).toContainText(build);
  const workers = Number(/Ready:\s*(\d+)\s+worker/.exec((await status.textContent()) ?? '')?.[1]);
  expect(workers).toBeGreaterThanOrEqual(1);
  return workers;
}

/** Saves a note through the worker and waits until the worker has read it back from IndexedDB. */
export async function saveNote(page: Page, note: string) {
  const about = page.getByTestId('about');
  if (!(await about.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await about.locator('summary').click();
  }
  await page.getByTestId('note-input').fill(note);
  await page.getByTestId('note-save').click();
  await expect(page.getByTestId('saved-note')).toHaveText(note);
}

/**
 * Milliseconds since the page's navigation began, by the page's own clock: "within seconds"
 * is then measured without the test runner's overhead on a busy machine.
 */
export function sinceNavigation(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Tries a fetch from the page; 'blocked' when the page's policy refused it. */
export function tryFetch(page: Page, url: string): Promise<'fetched' | 'blocked'> {
  return page.evaluate(async (target) => {
    try {
      await fetch(target);
      return 'fetched' as const;
    } catch {
      return 'blocked' as const;
    }
  }, url);
}
