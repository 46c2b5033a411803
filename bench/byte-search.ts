// Line-end search on plain Uint8Array copies (what browser workers hold): V8's
// TypedArray.prototype.indexOf against indexOfByte, and Node's Buffer.indexOf for scale.
// A/B interleaved, best of rounds, CPU ms per pass over the whole input.
//   npx tsx bench/byte-search.ts [rounds] file...   (NDJSON files; each read up to 64 MiB)
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { indexOfByte } from '../src/ingest/byte-search.ts';

const args = process.argv.slice(2);
const rounds = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 7;
const LIMIT = 64 << 20;

function head(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  const size = Math.min(fstatSync(fd).size, LIMIT);
  const out = new Uint8Array(size);
  let got = 0;
  while (got < size) got += readSync(fd, out, got, size - got, got);
  closeSync(fd);
  return out;
}

function cpuMs(f: () => number): [number, number] {
  const t = process.cpuUsage();
  const r = f();
  const d = process.cpuUsage(t);
  return [(d.user + d.system) / 1000, r];
}

const native = (b: Uint8Array) => {
  let n = 0;
  for (let i = b.indexOf(10, 0); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
};
const swar = (b: Uint8Array) => {
  let n = 0;
  for (let i = indexOfByte(b, 10, 0); i >= 0; i = indexOfByte(b, 10, i + 1)) n++;
  return n;
};

for (const file of args) {
  const plain = head(file);
  const buf = Buffer.from(plain.buffer, plain.byteOffset, plain.length);
  const cases: Array<[string, () => number]> = [
    ['Uint8Array.indexOf', () => native(plain)],
    ['indexOfByte', () => swar(plain)],
    ['Buffer.indexOf', () => native(buf)],
  ];
  const best = cases.map(() => Infinity);
  const counts = cases.map(() => -1);
  for (let r = 0; r < rounds; r++)
    cases.forEach(([, f], c) => {
      const [ms, n] = cpuMs(f);
      best[c] = Math.min(best[c], ms);
      counts[c] = n;
    });
  if (new Set(counts).size !== 1) throw new Error(`line counts differ: ${counts.join(' ')}`);
  const name = file.split('/').pop();
  console.log(`${name} (${(plain.length / 1048576).toFixed(1)} MiB, ${counts[0]} lines)`);
  cases.forEach(([label], c) => console.log(`  ${label.padEnd(20)} ${best[c].toFixed(3)} ms`));
}
