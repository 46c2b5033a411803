// NDJSON split one decode per line (the default, the CLI) against by blocks (`ndjsonBlocks`,
// the page's workers) in Node, with each record's text parsed as ingest does, interleaved:
//   npx tsx bench/ndjson-blocks.ts [rounds] file.ndjson
// Reads the file's first 64 MiB as 1 MiB Buffers (what the CLI's file stream hands over).
// Prints CPU ms per round and the best of each, and checks both give the same records.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { loadavg } from 'node:os';
import { RecordSplitter } from '../src/ingest/splitter.ts';

const args = process.argv.slice(2);
const rounds = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 5;
const file = args[0];
const LIMIT = 64 << 20;
const CHUNK = 1 << 20;

const fd = openSync(file, 'r');
const size = Math.min(fstatSync(fd).size, LIMIT);
const chunks: Buffer[] = [];
for (let at = 0; at < size; at += CHUNK) {
  const c = Buffer.alloc(Math.min(CHUNK, size - at));
  let got = 0;
  while (got < c.length) got += readSync(fd, c, got, c.length - got, at + got);
  chunks.push(c);
}
closeSync(fd);

function once(ndjsonBlocks: boolean): { ms: number; records: number; sum: number } {
  let records = 0;
  let sum = 0;
  const t0 = process.cpuUsage();
  const s = new RecordSplitter(
    (r) => {
      records++;
      sum += r.offset + r.line + r.text.length;
      try {
        JSON.parse(r.text);
      } catch {
        // the line cut at 64 MiB
      }
    },
    () => undefined,
    { ndjsonBlocks },
  );
  for (const c of chunks) s.push(c);
  s.end();
  const t = process.cpuUsage(t0);
  return { ms: (t.user + t.system) / 1000, records, sum };
}

const best = { lines: Infinity, blocks: Infinity };
for (let r = 0; r < rounds; r++) {
  const a = once(false);
  const b = once(true);
  if (a.records !== b.records || a.sum !== b.sum) throw new Error('the two ways differ');
  best.lines = Math.min(best.lines, a.ms);
  best.blocks = Math.min(best.blocks, b.ms);
  console.log(
    `round ${r + 1}: per line ${a.ms.toFixed(0)} ms, blocks ${b.ms.toFixed(0)} ms (${a.records} records, load ${loadavg()[0].toFixed(2)})`,
  );
}
console.log(`best: per line ${best.lines.toFixed(0)} ms, blocks ${best.blocks.toFixed(0)} ms`);
