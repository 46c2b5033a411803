// bench/splitter-ab.ts and bench/byte-search.ts's comparison inside Debian's Chromium, the
// runtime browser workers use: the splitter A/B over 1 MiB plain Uint8Array chunks, then the
// line-end loop with the built-in indexOf against indexOfByte. Wall ms, best of rounds
// (the page's timer is coarsened to 0.1 ms).
//   git show <rev>:src/ingest/splitter.ts > src/ingest/splitter-before.ts   # beside its imports
//   npx tsx bench/splitter-ab-browser.ts src/ingest/splitter-before.ts file...; rm it after
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchPage } from './browser-harness.ts';

const [beforePath, ...files] = process.argv.slice(2);
const here = resolve(import.meta.dirname, '..');
const entry = `
import { RecordSplitter as After } from ${JSON.stringify(here + '/src/ingest/splitter.ts')};
import { RecordSplitter as Before } from ${JSON.stringify(resolve(beforePath))};
import { indexOfByte } from ${JSON.stringify(here + '/src/ingest/byte-search.ts')};
function split(S, input) {
  let records = 0, sum = 0, errors = 0;
  const t = performance.now();
  const s = new S((r) => { records++; sum = (sum * 31 + r.offset + r.line + r.text.length) % 1e9; },
    () => errors++);
  for (const c of input) s.push(c);
  s.end();
  return [performance.now() - t, s.container + ' ' + records + ' ' + errors + ' ' + sum];
}
function lines(find, b) {
  const t = performance.now();
  let n = 0;
  for (let i = find(b, 10, 0); i >= 0; i = find(b, 10, i + 1)) n++;
  return [performance.now() - t, String(n)];
}
globalThis.bench = (all, rounds) => {
  const input = [];
  for (let at = 0; at < all.length; at += 1 << 20) input.push(all.slice(at, at + (1 << 20)));
  const cases = [() => split(Before, input), () => split(After, input),
    () => lines((b, x, f) => b.indexOf(x, f), all), () => lines(indexOfByte, all)];
  const best = cases.map(() => Infinity), out = cases.map(() => '');
  for (let r = 0; r < rounds; r++) cases.forEach((f, k) => {
    const [ms, o] = f();
    best[k] = Math.min(best[k], ms);
    out[k] = o;
  });
  return { best, same: out[0] === out[1] && out[2] === out[3] };
};`;
const { browser, page } = await benchPage(entry, (path) =>
  readFileSync(path).subarray(0, 64 << 20),
);
await page.addScriptTag({ url: '/bundle.js' });
for (const file of files) {
  const r = await page.evaluate(async (path) => {
    const all = new Uint8Array(await (await fetch(path)).arrayBuffer());
    type Bench = (b: Uint8Array, rounds: number) => { best: number[]; same: boolean };
    return (globalThis as unknown as { bench: Bench }).bench(all, 7);
  }, resolve(file));
  if (!r.same) throw new Error(`${file}: outputs differ`);
  const [before, after, native, swar] = r.best.map((ms) => ms.toFixed(1));
  console.log(
    `${file.split('/').pop()}: splitter before ${before} ms after ${after} ms;` +
      ` line ends indexOf ${native} ms indexOfByte ${swar} ms`,
  );
}
await browser.close();
