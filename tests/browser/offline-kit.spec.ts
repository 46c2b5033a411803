import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { ROOT, SHARED, needFile, ruleItem, showView } from '../fixtures/ui/app-helpers.ts';

// The offline kit: `SEQUENT_RULES=<zip> vite build --mode single` writes one HTML file with
// Elastic's prebuilt package (a sample, zipped here as downloaded) loaded as built-in rules on
// first open, from file:// with no server.

const THRESHOLD = 'High Number of Process and/or Service Terminations';
const ML = 'Suspicious Powershell Script';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

test('a build with SEQUENT_RULES opens with those rules as built-in rules', async ({ page }) => {
  test.setTimeout(180_000);
  const pkg = needFile(join(SHARED, 'elastic-package-sample', 'security_detection_engine-8.17.2'));
  const dir = mkdtempSync(join(tmpdir(), 'sequent-kit-'));
  try {
    const zip = zipSync(
      Object.fromEntries(
        walk(pkg).map((f) => [
          `security_detection_engine-8.17.2/${relative(pkg, f)}`,
          readFileSync(f),
        ]),
      ),
    );
    writeFileSync(join(dir, 'security_detection_engine-8.17.2.zip'), zip);
    execFileSync('npx', ['vite', 'build', '--mode', 'single', '--outDir', join(dir, 'out')], {
      cwd: ROOT,
      env: { ...process.env, SEQUENT_RULES: join(dir, 'security_detection_engine-8.17.2.zip') },
      stdio: 'pipe',
    });
    await page.goto(pathToFileURL(join(dir, 'out', 'sequent.html')).href);
    await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
    await showView(page, 'Rules');
    await ruleItem(page, THRESHOLD).click();
    const detail = page.getByTestId('rule-detail');
    await expect(detail).toContainText('threshold · kuery');
    await expect(page.getByTestId('rule-enabled')).toBeChecked();
    await ruleItem(page, ML).click();
    await expect(detail).toContainText('Not run here');
    await expect(page.getByTestId('rule-enabled')).not.toBeChecked();
    // 2 of Sequent's own + the package's 8 rules (newest versions only).
    await expect(page.getByTestId('rule-item')).toHaveCount(10);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
