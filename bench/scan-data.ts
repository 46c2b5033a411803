// Benchmark inputs: bench/data/telemetry-<label>.ndjson from the deterministic generator.
// bench/generate.ts (the demo generator's CLI) writes them when present; otherwise this
// writes them itself from src/demo with the same kind of settings.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { generateTelemetry } from '../src/demo/index.ts';

export const root = new URL('../', import.meta.url).pathname;
export const dataDir = `${root}bench/data/`;

export const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000 };

export function dataFile(label: string): string {
  return `${dataDir}telemetry-${label}.ndjson`;
}

export async function ensureData(label: string): Promise<string> {
  const file = dataFile(label);
  if (existsSync(file)) return file;
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(`${root}bench/generate.ts`)) {
    process.stderr.write(`generating ${file} with bench/generate.ts …\n`);
    execFileSync('npx', ['tsx', 'bench/generate.ts'], { cwd: root, stdio: 'inherit' });
    if (existsSync(file)) return file;
  }
  process.stderr.write(`generating ${file} from src/demo …\n`);
  const out = createWriteStream(file);
  const events = SIZES[label];
  let chunk = '';
  for (const doc of generateTelemetry({
    events,
    hosts: Math.max(20, Math.round(events / 2000)),
    seed: `sequent-bench-${label}`,
    planted: 5,
    plantedSysmon: 3,
    plantedSecurity: 2,
    start: '2024-03-01T00:00:00.000Z',
  })) {
    chunk += JSON.stringify(doc) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return file;
}
