// A Playwright `test` with the component harness pages built (tests/ui-harness/vite.config.ts)
// into a temporary folder and served over http, once per test worker process: the product's
// dist/ carries no harness code, so the tests that need the harness build their own.
import { test as base } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic } from '../browser/static-server.ts';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

export const test = base.extend<object, { harnessUrl: string }>({
  harnessUrl: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their deps first
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'sequent-harness-'));
      try {
        await build({ configFile: CONFIG, build: { outDir: dir } });
        const server = await serveStatic(dir, '/');
        await use(server.url);
        await server.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker' },
  ],
});
