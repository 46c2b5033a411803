import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The component harness pages (tests/ui-harness) are built only for the tests: the product's
// builds carry none of their code. Each needle is a string only a harness component holds.
const NEEDLES = ['table-harness', 'hostile-harness', 'Unknown harness', '#harness/'];
const root = fileURLToPath(new URL('../../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const build of ['dist', 'dist-single']) {
  test(`${build}/ holds no harness code`, () => {
    const files = filesUnder(join(root, build)).filter((f) => /\.(js|html)$/.test(f));
    expect(files.length, `${build}/ is built (npm run build)`).toBeGreaterThan(0);
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return NEEDLES.filter((n) => text.includes(n)).map((n) => `${file}: ${n}`);
    });
    expect(found).toEqual([]);
  });
}

test('the needles are real: the harness components hold them', () => {
  const sources = ['Harness.svelte', 'TableHarness.svelte', 'HostileHarness.svelte', 'main.ts']
    .map((f) => readFileSync(join(root, 'tests/ui-harness', f), 'utf8'))
    .join('\n');
  for (const needle of NEEDLES) expect(sources).toContain(needle);
});
