// bench/ndjson-blocks.ts inside Debian's Chromium, in a dedicated worker as the page's scan
// runs: the splitter over a file's first 64 MiB in 1 MiB plain Uint8Array chunks, each record's
// text parsed, one decode per line against by blocks, interleaved. Wall ms per round (the
// worker's timer is coarsened to 0.1 ms), best and median, and a check both give the same.
//   npx tsx bench/ndjson-blocks-browser.ts [rounds] file.ndjson
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { benchPage } from './browser-harness.ts';

const args = process.argv.slice(2);
const rounds = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 9;
const file = resolve(args[0]);
const here = resolve(import.meta.dirname, '..');
const entry = `
import { RecordSplitter } from ${JSON.stringify(here + '/src/ingest/splitter.ts')};
function split(input, ndjsonBlocks) {
  let records = 0, sum = 0;
  const t = performance.now();
  const s = new RecordSplitter((r) => {
    records++;
    sum = (sum * 31 + r.offset + r.line + r.text.length) % 1e9;
    try { JSON.parse(r.text); } catch { /* the line cut at 64 MiB */ }
  }, () => undefined, { ndjsonBlocks });
  for (const c of input) s.push(c);
  s.end();
  return [performance.now() - t, records + ' ' + sum];
}
self.onmessage = ({ data: { all, rounds } }) => {
  const input = [];
  for (let at = 0; at < all.length; at += 1 << 20) input.push(all.slice(at, at + (1 << 20)));
  const ms = [[], []];
  let same = true;
  for (let r = 0; r < rounds; r++) {
    const a = split(input, false), b = split(input, true);
    ms[0].push(a[0]);
    ms[1].push(b[0]);
    same &&= a[1] === b[1];
  }
  self.postMessage({ ms, same });
};`;
const { browser, page } = await benchPage(entry, () => readFileSync(file).subarray(0, 64 << 20));
const r = await page.evaluate(async (rounds) => {
  const all = new Uint8Array(await (await fetch('/data')).arrayBuffer());
  const worker = new Worker('/bundle.js');
  return new Promise<{ ms: number[][]; same: boolean }>((done) => {
    worker.onmessage = (e: MessageEvent<{ ms: number[][]; same: boolean }>) => done(e.data);
    worker.postMessage({ all, rounds });
  });
}, rounds);
await browser.close();
if (!r.same) throw new Error('the two ways differ');
const sum = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return `best ${s[0].toFixed(0)} median ${s[s.length >> 1].toFixed(0)} ms`;
};
console.log(`rounds: per line ${r.ms[0].map((x) => x.toFixed(0)).join(' ')}`);
console.log(`        blocks   ${r.ms[1].map((x) => x.toFixed(0)).join(' ')}`);
console.log(`per line ${sum(r.ms[0])}; blocks ${sum(r.ms[1])} (load ${loadavg()[0].toFixed(2)})`);
