// One measured run of the built CLI (`sequent scan … --stats`) and of the floor it is judged
// against (read + JSON.parse of the same file), each in its own process so peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { root } from './scan-data.ts';

export interface Measure {
  seconds: number;
  cpuSeconds: number;
  events: number;
  peakRssBytes: number;
  /** Threads the scan collected with (its --stats say; absent for the floor). */
  threads?: number;
  /** The rule-set plan's statistics, when the scan printed them (`--stats`). */
  plan?: PlanStats;
}

export interface PlanStats {
  stages: number;
  dispatched: number;
  stagesPerEvent: { mean: number; worst: number };
}

/** Merges the JSON lines at the end of a step's output (scan's --stats, then CPU time). */
export function statsLines(text: string, count: number): Measure {
  const lines = text.trim().split('\n').slice(-count);
  try {
    return Object.assign({}, ...lines.map((l) => JSON.parse(l))) as Measure;
  } catch {
    throw new Error(`benchmark step printed no stats line:\n${text}`);
  }
}

export function floor(file: string): Measure {
  const r = spawnSync('npx', ['tsx', 'bench/scan-floor.ts', file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return statsLines(r.stdout, 1);
}

export function scan(
  rules: string,
  file: string,
  extra: string[] = [],
): Measure & { alerts: number } {
  const args = ['tsx', 'bench/scan-cpu.ts', 'scan', '--rules', rules, '--stats', ...extra, file];
  const r = spawnSync('npx', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  const alerts = r.stdout.split('\n').filter(Boolean).length;
  return { ...statsLines(r.stderr, 2), alerts };
}
