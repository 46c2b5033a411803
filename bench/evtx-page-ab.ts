// Two builds of the page against each other on the same raw .evtx, by CPU time (the browser's
// whole process tree, Linux /proc), alternating builds so both see the same neighbours:
//   npx vite build --outDir /tmp/a   (one version)   npx vite build --outDir /tmp/b   (other)
//   npx tsx bench/evtx-page-ab.ts /tmp/a /tmp/b [--mb 64] [--rounds 3]
// `--files a.ndjson[,b.ndjson…]` scans those files instead, with progress reports (issue 13's
// app scan: bench/data/telemetry-100k.ndjson, or its four .partN files). `--disk` runs Chromium
// on a profile folder of its own, IndexedDB on disk as in a user's browser (browser-profile.ts).
import { alternate, warmThenMeasure, type RoundResult } from './ab-rounds.ts';
import { syntheticEvtx } from './evtx-data.ts';
import { openScanPage } from './evtx-page-open.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const builds = process.argv.slice(2, 4);
const files = arg('--files', '');
const rounds = Number(arg('--rounds', '3'));
const disk = process.argv.includes('--disk');

async function round(dist: string): Promise<RoundResult> {
  const { scan: once, close } = files
    ? await openScanPage(dist, files.split(','), 'ab', true, disk)
    : await openScanPage(dist, syntheticEvtx(Number(arg('--mb', '64'))), 'ab', false, disk);
  try {
    return await warmThenMeasure(once);
  } finally {
    await close();
  }
}

await alternate(builds, rounds, round);
