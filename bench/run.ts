// `npm run bench`: runs every benchmark script in turn and prints its output: the known
// ones first (scan, language predicates, normalization), then any `bench/*.bench.ts`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url).pathname;
const known = ['scan.ts', 'scan-rulesets.ts', 'eql-predicates.ts', 'normalize.ts'];
const scripts = [
  ...known.filter((f) => existsSync(`${dir}${f}`)),
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort(),
];
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== bench/${script} ===`);
  const r = spawnSync('npx', ['tsx', `${dir}${script}`], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`bench/${script} failed (exit ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
