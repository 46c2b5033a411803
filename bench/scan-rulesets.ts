// `npm run bench` → the multi-rule benchmark: `sequent scan` (the built CLI, in its own
// process) over the scan benchmark's SYNTHETIC telemetry with (a) the built-in rules, (b) the
// Windows EQL rules of ../shared/detection-rules/rules/windows, (c) every EQL rule of
// ../shared/detection-rules/rules — the rules `sequent check` accepts. Prints events/s, MB/s,
// peak RSS, the ratio to the read + JSON.parse floor, and the rule-set plan's statistics
// (stages evaluated per event, mean and worst).
// Targets (issue 13): all rules and Windows rules ≤ 3× the floor, RSS ≤ 400 MB; built-in ≤ 1.0×.
// Usage: tsx bench/scan-rulesets.ts [SIZE]   SIZE = 1m (default), 100k or a count (20000);
//        SCAN_BENCH_SIZE=100k npm run bench picks the size too; SCAN_BENCH_THREADS=1,2 runs
//        each rule set with --threads 1 and 2 instead of the CLI's default (chosen by input
//        size, cores and rule count: src/cli/scan-auto-threads.ts);
//        SCAN_BENCH_SETS=builtin,sigma runs only those sets (builtin, windows, all, sigma).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../src/eql/index.ts';
import { importRules, isRuleFileName, rulesToKibanaNdjson, type Rule } from '../src/rules/index.ts';
import { dataDir, ensureData, plantedCount, root } from './scan-data.ts';
import { floor, scan, type Measure } from './scan-measure.ts';

const RULES = join(root, '../shared/detection-rules/rules');
const SIGMA = join(root, '../shared/sigma/rules/windows');

/** How many of the Sigma folder's rules convert (the CLI runs those, and reports the rest). */
function sigmaCount(folder: string): number {
  const names = (readdirSync(folder, { recursive: true }) as string[]).filter((n) =>
    isRuleFileName(n),
  );
  const texts = names.map((n) => ({ name: n, text: readFileSync(join(folder, n), 'utf8') }));
  return importRules(texts).rules.filter((r) => r.enabled !== false).length;
}

/** The EQL rules of a detection-rules folder that import and compile, as the CLI runs them. */
function eqlRules(folder: string): Rule[] {
  const names = (readdirSync(folder, { recursive: true }) as string[])
    .filter((n) => isRuleFileName(n))
    .sort();
  const report = importRules(
    names.map((n) => ({ name: join(folder, n), text: readFileSync(join(folder, n), 'utf8') })),
  );
  return report.rules.filter((r) => {
    if (r.type !== 'eql' || !r.query || r.enabled === false) return false;
    try {
      compile(r.query, {
        ...(r.event_category_override ? { categoryField: r.event_category_override } : {}),
      });
      return true;
    } catch {
      return false;
    }
  });
}

/** Writes the rule set as a Kibana export in bench/data (git-ignored); returns its path. */
function ruleSet(name: string, folder: string): { path: string; count: number } {
  // Enabled for the benchmark: a shipped rule's `enabled = false` is Kibana's default state.
  const rules = eqlRules(folder).map((r) => ({ ...r, enabled: true }));
  const path = `${dataDir}rules-${name}-eql.ndjson`;
  writeFileSync(path, rulesToKibanaNdjson(rules));
  return { path, count: rules.length };
}

const mb = (bytes: number) => bytes / 1e6;

function main(): void {
  const label = process.argv[2] ?? process.env.SCAN_BENCH_SIZE ?? '1m';
  const threads = (process.env.SCAN_BENCH_THREADS ?? '')
    .split(',')
    .filter(Boolean)
    .map((t) => Number(t));
  if (!existsSync(RULES)) {
    console.log(`skipped: ${RULES} is not there`);
    return;
  }
  execFileSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'pipe' });
  const file = ensureData(label);
  const bytes = statSync(file).size;
  const only = (process.env.SCAN_BENCH_SETS ?? '').split(',').filter(Boolean);
  const wanted = (key: string) => only.length === 0 || only.includes(key);
  const sets = [
    ...(wanted('builtin') ? [{ run: 'built-in rules', path: 'builtin', count: 0 }] : []),
    ...(wanted('windows')
      ? [{ run: 'Windows EQL rules', ...ruleSet('windows', join(RULES, 'windows')) }]
      : []),
    ...(wanted('all') ? [{ run: 'all EQL rules', ...ruleSet('all', RULES) }] : []),
    ...(wanted('sigma') && existsSync(SIGMA)
      ? [{ run: 'SigmaHQ Windows rules', path: SIGMA, count: sigmaCount(SIGMA) }]
      : []),
  ];
  const base = floor(file);
  const rows: Record<string, string | number>[] = [];
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
    ...(m.plan
      ? {
          'stages/event mean': Number(m.plan.stagesPerEvent.mean.toFixed(2)),
          'stages/event worst': m.plan.stagesPerEvent.worst,
          'plan stages': m.plan.stages,
        }
      : {}),
    ...(alerts === undefined ? {} : { alerts }),
  });
  rows.push(row('read + JSON.parse (floor)', base));
  for (const set of sets) {
    const what = set.count ? `${set.run} (${set.count})` : set.run;
    for (const n of threads.length ? threads : [0]) {
      const m = scan(set.path, file, n ? ['--threads', String(n)] : []);
      rows.push(row(`${what}, --threads ${n || `default (${m.threads ?? '?'})`}`, m, m.alerts));
      const planted = plantedCount(file);
      if (set.path === 'builtin' && planted !== null && planted !== m.alerts)
        console.error(`WRONG: ${label}: ${m.alerts} built-in alerts, ${planted} planted`);
    }
  }
  console.table(rows);
  console.log(JSON.stringify({ bench: 'scan-rulesets', rows }));
}

main();
