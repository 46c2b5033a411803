import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/test-summary.mjs writes the last line of `npm test`; CI readers trust it.

const script = fileURLToPath(new URL('../../scripts/test-summary.mjs', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function summary(vitest: unknown, playwright: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'sequent-summary-'));
  dirs.push(dir);
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    if (value !== undefined)
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  return execFileSync(
    process.execPath,
    [script, write('vitest.json', vitest), write('playwright.json', playwright)],
    { encoding: 'utf8' },
  ).trim();
}

describe('test summary line', () => {
  it('adds up both runners (flaky counts as passed, skipped as neither)', () => {
    expect(
      summary(
        { numPassedTests: 530, numFailedTests: 2 },
        { stats: { expected: 30, unexpected: 1, flaky: 1, skipped: 4 } },
      ),
    ).toBe('tests: 561 passed, 3 failed');
  });

  it('counts a runner that left no report as a failure', () => {
    expect(summary(undefined, { stats: { expected: 5, unexpected: 0 } })).toBe(
      'tests: 5 passed, 1 failed',
    );
    expect(summary({ numPassedTests: 7, numFailedTests: 0 }, 'not json')).toBe(
      'tests: 7 passed, 1 failed',
    );
  });
});
