// `npm run bench` → scan benchmark: events/s, MB/s, peak RSS of `sequent scan` with the
// built-in rules and with 50 rules, each against the floor (read + JSON.parse of the same
// file). Targets on a 2-core box: built-in ≤ 1.5× the floor, 50 rules ≤ 2.5×, RSS < 300 MB.
// Usage: tsx bench/scan.ts [100k] [1m]   (default: both)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dataDir, ensureData, plantedCount, root, SIZES } from './scan-data.ts';
import { benchRulesNdjson } from './scan-rules.ts';

interface Measure {
  seconds: number;
  cpuSeconds: number;
  events: number;
  peakRssBytes: number;
}

/** Merges the JSON lines at the end of a step's output (scan's --stats, then CPU time). */
function statsLines(text: string, count: number): Measure {
  const lines = text.trim().split('\n').slice(-count);
  try {
    return Object.assign({}, ...lines.map((l) => JSON.parse(l))) as Measure;
  } catch {
    throw new Error(`benchmark step printed no stats line:\n${text}`);
  }
}

function floor(file: string): Measure {
  const r = spawnSync('npx', ['tsx', 'bench/scan-floor.ts', file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return statsLines(r.stdout, 1);
}

function scan(rules: string, file: string): Measure & { alerts: number } {
  const args = ['tsx', 'bench/scan-cpu.ts', 'scan', '--rules', rules, '--stats', file];
  const r = spawnSync('npx', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  const alerts = r.stdout.split('\n').filter(Boolean).length;
  return { ...statsLines(r.stderr, 2), alerts };
}

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
