// `sequent normalize FILE…`: ECS NDJSON (or Elasticsearch _bulk) on stdout, what was seen in
// each file on stderr. A thin shell around ingestFile.
import { readChunks } from './read-file.ts';
import { stat } from 'node:fs/promises';
import { describeEvtx, ingestFile, type FileDiagnostics } from '../ingest/index.ts';

const USAGE = `usage: sequent normalize [options] FILE…

Reads Windows event exports (Winlogbeat/ECS, evtx_dump, EvtxECmd, NXLog/OTRF, Velociraptor,
Event XML, PowerShell ConvertTo-Json, Elasticsearch hits; NDJSON, arrays, pretty JSON;
UTF-8/UTF-16; gzip, zip) and prints ECS NDJSON on stdout, diagnostics on stderr.

options:
  --bulk INDEX         print Elasticsearch _bulk NDJSON for INDEX instead
  --json-diagnostics   diagnostics as JSON (one array) instead of text
  --raw                pass records through unmapped (as read)
  --help               this help
`;

interface Args {
  files: string[];
  bulk: string | null;
  json: boolean;
  raw: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { files: [], bulk: null, json: false, raw: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--bulk') {
      const index = argv[++i];
      if (!index || index.startsWith('--')) return '--bulk needs an index name';
      a.bulk = index;
    } else if (arg.startsWith('--bulk=')) a.bulk = arg.slice(7);
    else if (arg === '--json-diagnostics') a.json = true;
    else if (arg === '--raw') a.raw = true;
    else if (arg === '--') {
      a.files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
    else a.files.push(arg);
  }
  if (!a.files.length) return 'no input files';
  return a;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`sequent normalize: ${args}\n\n${USAGE}`);
    return 2;
  }
  const out = new LineWriter(process.stdout);
  const action = args.bulk === null ? '' : JSON.stringify({ create: { _index: args.bulk } }) + '\n';
  const all: FileDiagnostics[] = [];
  let failed = false;
  for (const file of args.files) {
    try {
      const size = file === '-' ? undefined : (await stat(file)).size;
      const diag = await ingestFile(
        {
          name: file,
          size,
          stream: () => (file === '-' ? process.stdin : readChunks(file)),
        },
        async (events) => {
          let text = '';
          for (const e of events) text += action + JSON.stringify(e.doc) + '\n';
          await out.write(text);
        },
        { normalize: !args.raw },
      );
      all.push(diag);
      if (!args.json) process.stderr.write(describe(diag));
    } catch (e) {
      failed = true;
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`${file}: cannot read: ${msg}\n`);
    }
  }
  await out.end();
  if (args.json) process.stderr.write(JSON.stringify(all, null, 2) + '\n');
  return failed ? 1 : 0;
}

/** Writes with backpressure, so a slow consumer of stdout never makes memory grow. */
class LineWriter {
  constructor(private readonly stream: NodeJS.WritableStream) {}
  write(text: string): Promise<void> | void {
    if (this.stream.write(text)) return;
    return new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream === process.stdout) resolve();
      else this.stream.end(() => resolve());
    });
  }
}

function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}

export function describe(d: FileDiagnostics): string {
  const lines = [`${d.name}: ${size(d.bytes)}, ${d.encoding}, ${d.container}`];
  lines.push(`  source: ${d.source} — ${d.reason}`);
  const others = Object.entries(d.sources).filter(([s]) => s !== d.source);
  if (others.length) lines.push(`  also: ${others.map(([s, n]) => `${s} ×${n}`).join(', ')}`);
  const r = d.records;
  lines.push(
    `  records: ${r.read} read, ${r.mapped} mapped to ECS, ${r.passedThrough} passed through unmapped, ${r.skipped} skipped`,
  );
  if (d.evtx) lines.push(`  ${describeEvtx(d.evtx)}`);
  if (d.hosts.length) lines.push(`  hosts: ${d.hosts.join(', ')}`);
  if (d.timeRange) lines.push(`  time: ${d.timeRange.min} … ${d.timeRange.max}`);
  if (d.withoutTimestamp) lines.push(`  without a usable @timestamp: ${d.withoutTimestamp}`);
  const counts = Object.entries(d.eventCounts);
  if (counts.length) {
    lines.push(`  events (channel, id):`);
    for (const [k, n] of counts.slice(0, 25)) {
      const [channel, id] = k.split('|');
      lines.push(`    ${String(n).padStart(8)}  ${channel || '(no channel)'} ${id}`);
    }
    if (counts.length > 25) lines.push(`    … and ${counts.length - 25} more`);
  }
  for (const w of d.warnings) lines.push(`  warning: ${w}`);
  for (const e of d.errors)
    lines.push(`  error: ${e.file}:${e.line} (byte ${e.offset}): ${e.message}`);
  if (r.skipped > d.errors.length) lines.push(`  … ${r.skipped - d.errors.length} more errors`);
  return lines.join('\n') + '\n';
}
