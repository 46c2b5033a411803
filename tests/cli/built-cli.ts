// What the CLI tests share: the repository root, the real samples in ../shared, and a CLI
// built into a directory of the test file's own.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const samples = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

/** Builds the CLI (npm run build:cli) into a fresh temporary directory: test files running in
 *  parallel would otherwise empty one shared dist-cli/ under each other mid-run. */
export function buildCli(): { bin: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sequent-cli-'));
  execFileSync('npm', ['run', 'build:cli', '--', '--outDir', join(dir, 'dist-cli')], {
    cwd: root,
    stdio: 'pipe',
  });
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'bin', 'sequent.mjs'), join(dir, 'bin', 'sequent.mjs'));
  return { bin: join(dir, 'bin', 'sequent.mjs'), dir };
}

/** Null when ../shared/samples is there; otherwise the reason to skip — except under CI,
 *  where missing test data must fail the run instead of passing it silently. */
export function samplesUnavailable(): string | null {
  if (existsSync(samples)) return null;
  const reason = `real samples not found at ${samples}`;
  if (process.env.CI === 'true') throw new Error(`${reason} (required when CI=true)`);
  return reason;
}
