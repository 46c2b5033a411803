// A Chromium with a profile on disk, as a person's browser has. Playwright's `browser.newPage()`
// and `newContext()` make off-the-record (incognito) contexts, and an off-the-record profile
// keeps IndexedDB in memory, in the browser process: there it holds every value written (after
// Chromium's own snappy compression, ~18% of the line texts' bytes) and does not give it back
// when the data is deleted. A benchmark of the page's memory or of its writes measured that,
// not what a user's browser does; this one writes the database to a temporary profile folder,
// removed when closed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';

export interface DiskProfile {
  context: BrowserContext;
  /** Closes the browser and removes its profile folder. */
  close: () => Promise<void>;
}

/** `options`: the context's own (a test's `baseURL`, say). */
export async function launchWithProfile(options: BrowserContextOptions = {}): Promise<DiskProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'sequent-profile-'));
  try {
    const context = await chromium.launchPersistentContext(dir, {
      ...options,
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
