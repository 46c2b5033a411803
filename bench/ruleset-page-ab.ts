// Two builds of the page against each other with Elastic's Windows EQL rules imported (issue 13),
// by CPU time of the browser's whole process tree (Linux /proc), alternating builds so both see
// the same neighbours. The page always counts near misses, so this is where their cost shows.
//   npx vite build --outDir /tmp/a   (one version)   npx vite build --outDir /tmp/b   (other)
//   SCAN_BENCH_SETS=windows npx tsx bench/scan-rulesets.ts 20000   (writes the rules file)
//   npx tsx bench/ruleset-page-ab.ts /tmp/a /tmp/b [--events 20000] [--rounds 3]
import { existsSync } from 'node:fs';
import { alternate, warmThenMeasure, type RoundResult } from './ab-rounds.ts';
import { importRules, openScanPage } from './evtx-page-open.ts';
import { dataDir, ensureData } from './scan-data.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const builds = process.argv.slice(2, 4);
const file = ensureData(arg('--events', '20000'));
const rounds = Number(arg('--rounds', '3'));
const rules = `${dataDir}rules-windows-eql.ndjson`;
if (!existsSync(rules)) throw new Error(`${rules} is written by bench/scan-rulesets.ts`);

async function round(dist: string): Promise<RoundResult> {
  const { page, scan: once, close } = await openScanPage(dist, file, 'ab');
  try {
    const imported = await importRules(page, rules);
    if (imported < 300) throw new Error(`only ${imported} rules imported`);
    return await warmThenMeasure(once);
  } finally {
    await close();
  }
}

await alternate(builds, rounds, round);
