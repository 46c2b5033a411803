// A large .evtx read in chunk ranges (as several workers do) gives exactly what one reading of
// the whole file gives: the same records in the same order, with the file's chunk numbers and
// byte offsets, and every problem once. Checked on the real corpus files with the most chunks
// and on a SYNTHETIC multi-chunk file (test writer) with a damaged chunk in the middle.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  chunkRanges,
  CHUNK_SIZE,
  newStats,
  readEvtx,
  type EvtxRecord,
  type Problem,
} from '../../src/ingest/evtx/index.ts';
import * as v from '../../scripts/evtx-writer/values.ts';
import { writeEvtx, type WTemplate } from '../../scripts/evtx-writer/writer.ts';
import { readBytes, type Read } from './evtx/read.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/evtx-corpus/evtx/', import.meta.url));
const HEADER = 4096;

async function* pieces(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 40_000) yield bytes.subarray(i, i + 40_000);
}

/** Each range read on its own, as the file header followed by its chunks; then put together. */
async function readInRanges(bytes: Uint8Array, rangeBytes: number): Promise<Read> {
  const records: EvtxRecord[] = [];
  const problems: Problem[] = [];
  const stats = newStats();
  const ranges = chunkRanges(bytes.length, rangeBytes);
  expect(ranges[0].start).toBe(HEADER);
  expect(ranges.at(-1)!.end).toBe(bytes.length);
  for (const r of ranges) {
    const part = new Uint8Array(HEADER + r.end - r.start);
    part.set(bytes.subarray(0, HEADER));
    part.set(bytes.subarray(r.start, r.end), HEADER);
    const s = newStats();
    for await (const batch of readEvtx(pieces(part), (p) => problems.push(p), s, r.firstChunk))
      records.push(...batch);
    stats.header = s.header;
    stats.chunks += s.chunks;
    stats.records += s.records;
    stats.damagedChunks += s.damagedChunks;
    stats.damagedRecords += s.damagedRecords;
    stats.salvagedChunks += s.salvagedChunks;
    stats.unusedChunks += s.unusedChunks;
  }
  return { records, problems, stats };
}

function expectSame(parts: Read, whole: Read): void {
  expect(parts.records.length).toBe(whole.records.length);
  expect(parts.records.map((r) => [r.id, r.chunk, r.offset])).toEqual(
    whole.records.map((r) => [r.id, r.chunk, r.offset]),
  );
  expect(parts.records).toEqual(whole.records);
  expect(parts.problems).toEqual(whole.problems);
  expect(parts.stats).toEqual(whole.stats);
}

const template: WTemplate = {
  id: 1,
  root: {
    name: 'Event',
    content: [
      {
        name: 'System',
        content: [
          { name: 'EventID', content: [{ sub: 0 }] },
          { name: 'EventRecordID', content: [{ sub: 2 }] },
          { name: 'Channel', content: ['Application'] },
          { name: 'Computer', content: ['HOST.example.test'] },
        ],
      },
      {
        name: 'EventData',
        content: [{ name: 'Data', attrs: [['Name', 'Text']], content: [{ sub: 1 }] }],
      },
    ],
  },
};

describe('.evtx chunk ranges', () => {
  it('cut a file into whole chunks after the header, the last range ending at the file end', () => {
    const size = HEADER + 10 * CHUNK_SIZE + 100;
    expect(chunkRanges(size, 3 * CHUNK_SIZE)).toEqual([
      { firstChunk: 0, start: HEADER, end: HEADER + 3 * CHUNK_SIZE },
      { firstChunk: 3, start: HEADER + 3 * CHUNK_SIZE, end: HEADER + 6 * CHUNK_SIZE },
      { firstChunk: 6, start: HEADER + 6 * CHUNK_SIZE, end: HEADER + 9 * CHUNK_SIZE },
      { firstChunk: 9, start: HEADER + 9 * CHUNK_SIZE, end: size },
    ]);
    expect(chunkRanges(100, CHUNK_SIZE)).toEqual([{ firstChunk: 0, start: 0, end: 100 }]);
  });

  it('read one by one give the records and problems of the whole SYNTHETIC file', async () => {
    const bytes = writeEvtx(
      Array.from({ length: 3000 }, (_, i) => ({
        template,
        values: [
          v.u16(1000 + (i % 5)),
          v.wstr(`synthetic ${i} `.repeat(8)),
          v.uint64(BigInt(i + 1)),
        ],
      })),
    );
    const chunks = (bytes.length - HEADER) / CHUNK_SIZE;
    expect(chunks).toBeGreaterThan(8);
    // A damaged chunk in the middle: its records CRC no longer matches.
    bytes[HEADER + 4 * CHUNK_SIZE + 700] ^= 0xff;
    // A cut-short last chunk.
    const cut = bytes.subarray(0, bytes.length - 1000);
    const whole = await readBytes(cut);
    // Both are read, each record checked on its own (chunk.ts), and both are reported.
    expect(whole.stats).toMatchObject({ damagedChunks: 0, salvagedChunks: 2 });
    expect([...new Set(whole.problems.map((p) => p.chunk))]).toEqual([4, chunks - 1]);
    for (const size of [CHUNK_SIZE, 3 * CHUNK_SIZE])
      expectSame(await readInRanges(cut, size), whole);
  });

  it('read one by one give the records of the whole real file', async () => {
    const names = readdirSync(CORPUS).filter((n) => n.endsWith('.evtx'));
    const sized = names.map((n) => ({ n, size: statSync(join(CORPUS, n)).size }));
    const biggest = sized.sort((a, b) => b.size - a.size || (a.n < b.n ? -1 : 1)).slice(0, 6);
    let records = 0;
    for (const { n } of biggest) {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, n)));
      const whole = await readBytes(bytes);
      records += whole.records.length;
      expectSame(await readInRanges(bytes, 2 * CHUNK_SIZE), whole);
    }
    expect(records).toBeGreaterThan(1000);
  });
});
