// `npm run bench`: runs every benchmark script in turn and prints its output. The scan
// benchmark first, then any `bench/*.bench.ts` others add.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url).pathname;
const scripts = [
  'scan.ts',
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort(),
];
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== bench/${script} ===`);
  const r = spawnSync('npx', ['tsx', `${dir}${script}`, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`bench/${script} failed (exit ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
