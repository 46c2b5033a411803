// Prints `tests: N passed, N failed` from Vitest's and Playwright's JSON reports.
// Usage: node scripts/test-summary.mjs <vitest.json> <playwright.json>
import { existsSync, readFileSync } from 'node:fs';

function read(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;

const vitest = read(process.argv[2]);
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
} else {
  failed += 1;
}

const playwright = read(process.argv[3]);
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
} else {
  failed += 1;
}

console.log(`tests: ${passed} passed, ${failed} failed`);
