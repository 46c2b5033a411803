// Writes SYNTHETIC benchmark telemetry (src/demo) as NDJSON, streamed to disk:
//   npx tsx bench/generate.ts                      bench/data/telemetry-{100k,1m}.ndjson if missing
//   npx tsx bench/generate.ts --events N [--out FILE] [--seed S] [--hosts H] [--force]
// Next to each file, FILE.truth.json lists the planted WinRM sequences the rules must report.
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTelemetry, plantedTruth, type TelemetryOptions } from '../src/demo/index.ts';

const here = dirname(fileURLToPath(import.meta.url));

interface Target {
  file: string;
  options: TelemetryOptions;
}

function optionsFor(events: number, seed: string, hosts?: number): TelemetryOptions {
  // About one planted attack per 10,000 events, a quarter each of Sysmon and Security ones.
  const attacks = Math.max(4, Math.round(events / 10_000));
  const quarter = Math.max(1, Math.floor(attacks / 4));
  return {
    events,
    hosts: hosts ?? Math.min(500, Math.max(10, Math.round(events / 2_000))),
    seed,
    planted: attacks - 2 * quarter,
    plantedSysmon: quarter,
    plantedSecurity: quarter,
    start: '2024-05-01T00:00:00.000Z',
  };
}

function parseArgs(argv: string[]): { targets: Target[]; force: boolean } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const force = argv.includes('--force');
  const seed = value('--seed') ?? 'sequent-bench';
  const hostsArg = value('--hosts');
  const hosts = hostsArg === undefined ? undefined : Number(hostsArg);
  const eventsArg = value('--events');
  if (eventsArg === undefined) {
    return {
      force,
      targets: [
        {
          file: resolve(here, 'data/telemetry-100k.ndjson'),
          options: optionsFor(100_000, seed, hosts),
        },
        {
          file: resolve(here, 'data/telemetry-1m.ndjson'),
          options: optionsFor(1_000_000, seed, hosts),
        },
      ],
    };
  }
  const events = Number(eventsArg.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isInteger(events) || events <= 0)
    throw new Error(`--events: not a count: ${eventsArg}`);
  const file = resolve(value('--out') ?? resolve(here, `data/telemetry-${eventsArg}.ndjson`));
  return { force: true, targets: [{ file, options: optionsFor(events, seed, hosts) }] };
}

async function write(target: Target): Promise<void> {
  const { file, options } = target;
  mkdirSync(dirname(file), { recursive: true });
  // Written under a temporary name so an interrupted run never leaves a "present" short file.
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const started = Date.now();
  let chunk = '';
  let count = 0;
  let bytes = 0;
  for (const doc of generateTelemetry(options)) {
    chunk += JSON.stringify(doc) + '\n';
    count++;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  bytes += chunk.length;
  out.end(chunk);
  await new Promise<void>((res, rej) => {
    out.once('finish', res);
    out.once('error', rej);
  });
  renameSync(partial, file);
  const truth = plantedTruth(options).map((p) => ({
    flavor: p.flavor,
    matchedBy: p.matchedBy,
    host: p.hostName,
    hostId: p.hostId,
    sourceIp: p.sourceIp,
    destinationPort: p.destinationPort,
    network: p.network['@timestamp'],
    process: p.process['@timestamp'],
  }));
  writeFileSync(
    `${file}.truth.json`,
    JSON.stringify({ synthetic: true, options, planted: truth }, null, 2) + '\n',
  );
  const secs = (Date.now() - started) / 1000;
  process.stdout.write(
    `${file}: ${count} events, ${(bytes / 1e6).toFixed(0)} MB, ${truth.length} planted, ${secs.toFixed(1)} s\n`,
  );
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench/generate: ${(e as Error).message}\n`);
    return 2;
  }
  for (const target of parsed.targets) {
    if (!parsed.force && existsSync(target.file)) {
      process.stdout.write(`${target.file}: present, kept (use --force to rewrite)\n`);
      continue;
    }
    await write(target);
  }
  return 0;
}

process.exitCode = await main();
