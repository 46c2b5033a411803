// `npm run bench` → scan benchmark: events/s, MB/s, peak RSS of `sequent scan` with the
// built-in rules and with 50 rules, each against the floor (read + JSON.parse of the same
// file). Targets on a 2-core box: built-in ≤ 1.5× the floor, 50 rules ≤ 2.5×, RSS < 300 MB.
// Usage: tsx bench/scan.ts [100k] [1m]   (default: both)
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dataDir, ensureData, plantedCount, root, SIZES } from './scan-data.ts';
import { floor, scan, type Measure } from './scan-measure.ts';
import { benchRulesNdjson } from './scan-rules.ts';

const mb = (bytes: number) => bytes / 1e6;
const sigmaWindows = `${root}../shared/sigma/rules/windows`;

async function main(): Promise<void> {
  const labels = process.argv.slice(2).filter((a) => a in SIZES);
  execFileSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'pipe' });
  const rules50 = `${dataDir}bench-rules-50.ndjson`;
  const rows: Record<string, string | number>[] = [];
  for (const label of labels.length ? labels : Object.keys(SIZES)) {
    const file = ensureData(label);
    writeFileSync(rules50, benchRulesNdjson());
    const bytes = statSync(file).size;
    const base = floor(file);
    const row = (what: string, m: Measure, alerts?: number) => ({
      input: `${label} (${mb(bytes).toFixed(0)} MB)`,
      run: what,
      'events/s': Math.round(m.events / m.seconds),
      'MB/s': Number((mb(bytes) / m.seconds).toFixed(1)),
      'peak RSS MB': Number(mb(m.peakRssBytes).toFixed(0)),
      seconds: Number(m.seconds.toFixed(2)),
      'CPU s': Number(m.cpuSeconds.toFixed(2)),
      '× floor (wall)': Number((m.seconds / base.seconds).toFixed(2)),
      '× floor (CPU)': Number((m.cpuSeconds / base.cpuSeconds).toFixed(2)),
      ...(alerts === undefined ? {} : { alerts }),
    });
    rows.push(row('read + JSON.parse (floor)', base));
    const builtin = scan('builtin', file);
    rows.push(row('scan --rules builtin', builtin, builtin.alerts));
    const planted = plantedCount(file);
    if (planted !== null && planted !== builtin.alerts)
      console.error(`WRONG: ${label}: ${builtin.alerts} built-in alerts, ${planted} planted`);
    const fifty = scan(rules50, file);
    rows.push(row('scan, 50 rules', fifty, fifty.alerts));
    // SigmaHQ's whole Windows set, converted (src/rules/sigma): on the smallest input only,
    // since ~2,400 rules meet every event of their kind.
    if (label === '100k' && existsSync(sigmaWindows)) {
      const sigma = scan(sigmaWindows, file);
      rows.push(row('scan, SigmaHQ windows (2,405 rules)', sigma, sigma.alerts));
    }
  }
  console.table(rows);
  console.log(JSON.stringify({ bench: 'scan', rows }));
}

await main();
