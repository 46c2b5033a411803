// Benchmark inputs: bench/data/telemetry-<label>.ndjson and its .truth.json (the planted
// WinRM sequences), written by the demo generator's CLI bench/generate.ts when missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const root = new URL('../', import.meta.url).pathname;
export const dataDir = `${root}bench/data/`;

export const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000 };

export function dataFile(label: string): string {
  return `${dataDir}telemetry-${label}.ndjson`;
}

/** How many events a size label stands for: a known label, or a count such as `20000`/`50k`. */
export function eventCount(label: string): number {
  const n = SIZES[label] ?? Number(label.replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a benchmark size: ${label}`);
  return n;
}

export function ensureData(label: string): string {
  const file = dataFile(label);
  if (existsSync(file)) return file;
  process.stderr.write(`generating ${file} with bench/generate.ts …\n`);
  execFileSync(
    'npx',
    ['tsx', 'bench/generate.ts', '--events', String(eventCount(label)), '--out', file],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  return file;
}

/** How many alerts the built-in rules must raise on the file: one per planted sequence. */
export function plantedCount(file: string): number | null {
  const truth = `${file}.truth.json`;
  if (!existsSync(truth)) return null;
  return (JSON.parse(readFileSync(truth, 'utf8')) as { planted: unknown[] }).planted.length;
}
