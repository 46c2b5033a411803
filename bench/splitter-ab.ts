// The whole splitter over plain Uint8Array chunks (a browser worker's input), A/B interleaved
// against another build of it, e.g. an earlier commit's:
//   git show <rev>:src/ingest/splitter.ts > /tmp/splitter-before.ts
//   npx tsx bench/splitter-ab.ts /tmp/splitter-before.ts [rounds] file...
// Prints best-of-rounds CPU ms per file for each, and checks both emit the same records.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { RecordSplitter } from '../src/ingest/splitter.ts';

type Splitter = typeof RecordSplitter;
const [beforePath, ...rest] = process.argv.slice(2);
const rounds = /^\d+$/.test(rest[0] ?? '') ? Number(rest.shift()) : 5;
const Before = ((await import(resolve(beforePath))) as { RecordSplitter: Splitter }).RecordSplitter;
const LIMIT = 64 << 20;
const CHUNK = 1 << 20;

/** The file's first 64 MiB as 1 MiB chunks, each its own plain Uint8Array. */
function chunks(file: string): Uint8Array[] {
  const fd = openSync(file, 'r');
  const size = Math.min(fstatSync(fd).size, LIMIT);
  const out: Uint8Array[] = [];
  for (let at = 0; at < size; at += CHUNK) {
    const c = new Uint8Array(Math.min(CHUNK, size - at));
    let got = 0;
    while (got < c.length) got += readSync(fd, c, got, c.length - got, at + got);
    out.push(c);
  }
  closeSync(fd);
  return out;
}

/** CPU ms for one pass, and a digest of what came out to compare the two builds by. */
function run(S: Splitter, input: Uint8Array[]): [number, string] {
  let records = 0;
  let sum = 0;
  let errors = 0;
  const t = process.cpuUsage();
  const s = new S(
    (r) => {
      records++;
      sum = (sum * 31 + r.offset + r.line + r.text.length) % 1e9;
    },
    () => errors++,
  );
  for (const c of input) s.push(c);
  s.end();
  const d = process.cpuUsage(t);
  return [(d.user + d.system) / 1000, `${s.container} ${records} ${errors} ${sum}`];
}

for (const file of rest) {
  const input = chunks(file);
  const best = [Infinity, Infinity];
  const digests = ['', ''];
  for (let r = 0; r < rounds; r++)
    [Before, RecordSplitter].forEach((S, k) => {
      const [ms, digest] = run(S, input);
      best[k] = Math.min(best[k], ms);
      digests[k] = digest;
    });
  if (digests[0] !== digests[1]) throw new Error(`outputs differ: ${digests.join(' / ')}`);
  const name = file.split('/').pop();
  console.log(
    `${name}: ${digests[0]}\n  before ${best[0].toFixed(1)} ms  after ${best[1].toFixed(1)} ms`,
  );
}
