// Damaged .evtx files, as real collections hold them: corpus files with bits flipped, cut
// short, chunks swapped or duplicated, length and offset fields overwritten with random
// values. No exception may escape the reader, no case may run long, memory stays bounded.
// `npm run fuzz:evtx` runs many more cases (EVTX_FUZZ_CASES, default 50000).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveShared, ingestBytes, shared } from './helpers.ts';
import { readBytes } from './evtx/read.ts';

const CORPUS = 'evtx-corpus/evtx';
const CASES = Number(process.env.EVTX_FUZZ_CASES ?? 4000);
const SEED = Number(process.env.EVTX_FUZZ_SEED ?? 20261204);
// A case reads at most a few chunks: anything near a second is a runaway loop.
const CASE_MS = 2000;
const CHUNK = 65536;
const HEADER = 4096;

let seed = SEED;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};

type Mutation = (b: Uint8Array) => Uint8Array;

const chunkCount = (b: Uint8Array) => Math.floor((b.length - HEADER) / CHUNK);

// Offsets the format's own fields live at, so random values land where they hurt most.
const FIELDS = [
  8,
  16,
  24,
  36,
  38,
  40,
  42,
  120,
  124,
  HEADER + 8,
  HEADER + 24,
  HEADER + 44,
  HEADER + 48,
  HEADER + 52,
  HEADER + 124,
  HEADER + 512 + 4,
  HEADER + 512 + 8,
  HEADER + 512 + 24,
  HEADER + 512 + 30,
  HEADER + 512 + 34,
];

const MUTATIONS: Record<string, Mutation> = {
  bitFlips(b) {
    const out = b.slice();
    for (let i = 0, n = 1 + rnd(20); i < n; i++) out[rnd(out.length)] ^= 1 << rnd(8);
    return out;
  },
  // Flips in the record area with the CRCs fixed up afterwards would be ideal; flipping
  // bytes after the CRC check is what reaches the binary XML parser: see `randomLengths`.
  truncate(b) {
    return b.slice(0, rnd(b.length));
  },
  chunkSwap(b) {
    const n = chunkCount(b);
    const out = b.slice();
    if (n < 2) return out.slice(0, HEADER + rnd(CHUNK));
    const i = rnd(n);
    const j = rnd(n);
    out.set(b.subarray(HEADER + i * CHUNK, HEADER + (i + 1) * CHUNK), HEADER + j * CHUNK);
    out.set(b.subarray(HEADER + j * CHUNK, HEADER + (j + 1) * CHUNK), HEADER + i * CHUNK);
    return out;
  },
  chunkDuplicate(b) {
    const n = chunkCount(b);
    if (n < 1) return b;
    const i = rnd(n);
    const out = new Uint8Array(b.length + CHUNK);
    out.set(b);
    out.set(b.subarray(HEADER + i * CHUNK, HEADER + (i + 1) * CHUNK), b.length);
    return out;
  },
  randomLengths(b) {
    const out = b.slice();
    const dv = new DataView(out.buffer);
    for (let k = 0, n = 1 + rnd(4); k < n; k++) {
      const at = rnd(3) === 0 ? FIELDS[rnd(FIELDS.length)] : rnd(out.length - 4);
      if (at + 4 > out.length) continue;
      const v = [0, 1, 0xffff, 0xffffffff, rnd(CHUNK), rnd(2 ** 32)][rnd(6)];
      dv.setUint32(at, v >>> 0, true);
    }
    return out;
  },
  zeroRange(b) {
    const out = b.slice();
    const at = rnd(out.length);
    out.fill(0, at, at + rnd(4096));
    return out;
  },
};

// The reader checks CRCs first: to reach the binary XML parser, mutate inside the records
// and put the CRC right again (as a writer with a bug would).
async function withFixedCrc(b: Uint8Array): Promise<Uint8Array> {
  const { crc32 } = await import('../../src/ingest/evtx/crc32.ts');
  const out = b.slice();
  const dv = new DataView(out.buffer);
  for (let c = 0; c < chunkCount(out); c++) {
    const base = HEADER + c * CHUNK;
    const free = dv.getUint32(base + 48, true);
    if (free < 512 || free > CHUNK) continue;
    if (rnd(2) === 0) {
      for (let i = 0, n = 1 + rnd(8); i < n; i++) out[base + 512 + rnd(free - 512)] ^= 1 << rnd(8);
    } else {
      const at = base + 512 + rnd(Math.max(1, free - 516));
      dv.setUint32(at, [0, 0xffffffff, rnd(CHUNK), rnd(2 ** 32)][rnd(4)] >>> 0, true);
    }
    dv.setUint32(base + 52, crc32(out, base + 512, base + free), true);
    // The header's own CRC covers the records CRC.
    const header = crc32(out, base + 128, base + 512, crc32(out, base, base + 120));
    dv.setUint32(base + 124, header, true);
  }
  return out;
}

describe.runIf(haveShared(CORPUS))('fuzzed .evtx files', () => {
  it(
    `${CASES} damaged files: no exception, no runaway case, bounded memory`,
    { timeout: 600_000 },
    async () => {
      const dir = shared(CORPUS);
      // Small and mid-sized files keep each case fast; the big ones come in a few times.
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.evtx'))
        .map((f) => `${dir}/${f}`)
        .filter((f) => statSync(f).size <= 400_000)
        .filter((_, i) => i % 3 === 0)
        .map((f) => new Uint8Array(readFileSync(f)));
      expect(files.length).toBeGreaterThan(40);
      const names = Object.keys(MUTATIONS);
      const failures: string[] = [];
      let slowest = 0;
      let records = 0;
      let problems = 0;
      const heapBefore = process.memoryUsage().heapUsed;
      let heapMax = heapBefore;
      for (let c = 0; c < CASES; c++) {
        const file = files[rnd(files.length)];
        const kind = c % 5 === 4 ? 'crcFixed' : names[rnd(names.length)];
        const bytes = kind === 'crcFixed' ? await withFixedCrc(file) : MUTATIONS[kind](file);
        const started = performance.now();
        try {
          // One case in ten goes the whole way through ingest (mapping included).
          if (c % 10 === 0) {
            const { diag } = await ingestBytes('fuzz.evtx', bytes, [1 + rnd(70_000)]);
            records += diag.records.read;
            problems += diag.errors.length;
          } else {
            const r = await readBytes(bytes, 1 + rnd(70_000));
            records += r.records.length;
            problems += r.problems.length;
            // Every problem names its place.
            for (const p of r.problems)
              if (!(p.offset >= 0 && p.offset <= bytes.length + CHUNK && p.message))
                failures.push(`case ${c} (${kind}): problem without a place: ${JSON.stringify(p)}`);
          }
        } catch (e) {
          failures.push(`case ${c} (${kind}, seed ${SEED}): ${e instanceof Error ? e.stack : e}`);
        }
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        if (ms > CASE_MS) failures.push(`case ${c} (${kind}): ${ms.toFixed(0)} ms`);
        if (c % 100 === 0) heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
      }
      console.log(
        `evtx fuzz: ${CASES} cases, ${records} records read, ${problems} problems reported, slowest case ${slowest.toFixed(0)} ms, heap +${((heapMax - heapBefore) / 2 ** 20).toFixed(0)} MiB`,
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect(problems).toBeGreaterThan(CASES / 4);
      // One file in memory at a time and one chunk of records: far below this.
      expect(heapMax - heapBefore).toBeLessThan(512 * 2 ** 20);
    },
  );
});
