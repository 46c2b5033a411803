import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded one. Without the background-networking switches
// Chromium phones home at start-up, which a closed network refuses (and which would show
// up as requests the app never made).
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Playwright loads this file in the runner and again in every worker process; the port is
// chosen once and handed on through the environment so all of them agree.
function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}
process.env.SEQUENT_PREVIEW_PORT ??= freePort();
const port = process.env.SEQUENT_PREVIEW_PORT;
const TIMING = 'browser/app-perf.spec.ts';

export default defineConfig({
  testDir: 'tests',
  testMatch: ['browser/**/*.spec.ts', 'store/**/*.spec.ts', 'worker/**/*.spec.ts'],
  timeout: 60_000,
  workers: 2,
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results/playwright',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  // The timing tests (cancel within a second, no main-thread task over 50 ms) run last and on
  // their own: beside another test's scan on this 2-core machine a page's script runs slower
  // for reasons that are not the page's, and those tests would measure that instead.
  projects: [
    { name: 'browser', testIgnore: [TIMING] },
    { name: 'timing', testMatch: [TIMING], dependencies: ['browser'] },
  ],
  // Serves the already built dist/ (scripts/test.sh builds first).
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
