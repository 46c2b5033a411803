// ECS events stored as a slice of their NDJSON file (src/store/file-lines.ts) read back as the
// very events and texts ingest gave, whatever the file's line ends, spacing and bytes. The
// lines are Winlogbeat's own ECS documents (../shared/winlogbeat-golden), one a line, with
// synthetic variations written here: CRLF, blank and indented lines, non-ASCII and invalid
// bytes, a broken line, a BOM, no final newline.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/ingest.ts';
import type { BatchInfo, IngestedEvent } from '../../src/ingest/types.ts';
import { packChunk, readChunk, unpackChunk } from '../../src/store/chunk-codec.ts';
import { cutLines } from '../../src/store/file-lines.ts';
import { FileBatches } from '../../src/worker/app/correlate.ts';
import { ChunkBuilder } from '../../src/worker/app/chunker.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';
import { fixture, sharedOrSkip } from '../services/helpers.ts';
import { goldenLines, messyFile } from './messy-ndjson.ts';

const golden = sharedOrSkip('winlogbeat-golden');

/** Ingests `bytes` as the page does (texts kept), in pieces of `piece` bytes. */
async function ingest(bytes: Uint8Array, piece: number, blocks: boolean) {
  const got: { events: IngestedEvent[]; info: BatchInfo }[] = [];
  const source = {
    name: 'golden.ndjson',
    size: bytes.length,
    async *stream() {
      for (let i = 0; i < bytes.length; i += piece) yield bytes.slice(i, i + piece);
    },
  };
  await ingestFile(source, (events, info) => void got.push({ events, info }), {
    keepText: true,
    batchSize: 3,
    ndjsonBlocks: blocks,
  });
  return got;
}

/**
 * The chunks the scan stores of those batches, with the file as their source: two batches of
 * three a chunk (the builder joins their offsets), some chunks all ASCII (cut from one decoded
 * text), some ending on a line of wider bytes.
 */
function chunks(got: Awaited<ReturnType<typeof ingest>>, file: Blob): EventChunk[] {
  const batches = new FileBatches(0);
  const builder = new ChunkBuilder('s', 0, 5, 0, file);
  const out: EventChunk[] = [];
  for (const { events, info } of got) {
    const c = builder.add(batches.next(events, info));
    if (c) out.push(c);
  }
  const rest = builder.flush();
  if (rest) out.push(rest);
  return out;
}

describe.skipIf(!golden)('events stored as slices of their file', () => {
  const lines = golden ? goldenLines(golden) : [];
  const bytes = messyFile(lines);

  for (const [piece, blocks] of [
    [4096, false],
    [4096, true],
    [100_000, true],
    [777, false],
  ] as const)
    it(`read back as ingest gave them (pieces of ${piece} bytes, ${blocks ? 'blocks' : 'lines'})`, async () => {
      const got = await ingest(bytes, piece, blocks);
      const events = got.flatMap((g) => g.events);
      expect(events.length).toBe(lines.length);
      expect(got.every((g) => g.info.linesAt === 3)).toBe(true);
      const file = new Blob([bytes]);
      const stored = chunks(got, file).map((c) => packChunk(c));
      // Winlogbeat's documents are mapped again (the ECS document is not the record): the raw
      // records are the lines.
      expect(stored.every((s) => s.rawLines && !s.rawTexts && !s.eventTexts)).toBe(true);
      const back = await Promise.all(stored.map((s) => readChunk(s)));
      expect(back.flatMap((c) => c.events)).toEqual(events.map((e) => e.doc));
      expect(back.flatMap((c) => c.raws)).toEqual(events.map((e) => e.raw));
      expect(back.flatMap((c) => c.lines)).toEqual(events.map((e) => e.line));
      // The texts themselves: what a re-read or an export gets.
      for (const s of stored) {
        const slice = new Uint8Array(await s.rawLines!.blob.arrayBuffer());
        const texts = cutLines(slice, s.rawLines!.at);
        const first = back.find((c) => c.chunkIndex === s.chunkIndex)!.firstRecord;
        expect(texts).toEqual(events.slice(first, first + texts.length).map((e) => e.text));
      }
    });

  it('stores ECS events that are their own records as lines of the file', async () => {
    // Synthetic ECS (tests/fixtures/services): each event is the record itself, parsed.
    const ecs = new Uint8Array(readFileSync(fixture('winrm-positive.ndjson')));
    const got = await ingest(ecs, 512, true);
    const events = got.flatMap((g) => g.events);
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.doc === e.raw)).toBe(true);
    const stored = chunks(got, new Blob([ecs])).map((c) => packChunk(c));
    expect(stored.every((s) => s.eventLines && !s.eventTexts && !s.rawLines)).toBe(true);
    const back = await Promise.all(stored.map((s) => readChunk(s)));
    expect(back.flatMap((c) => c.events)).toEqual(events.map((e) => e.doc));
    expect(back.every((c) => c.raws === c.events)).toBe(true);
  });

  it('keeps texts where the bytes are not the file’s own: gzip, UTF-16, a JSON array', async () => {
    const utf16 = new Uint8Array(
      Uint16Array.from(`\ufeff${lines.join('\n')}`, (c) => c.charCodeAt(0)).buffer,
    );
    const array = new TextEncoder().encode(`[${lines.join(',\n')}]`);
    for (const other of [new Uint8Array(gzipSync(bytes)), utf16, array]) {
      const got = await ingest(other, 4096, true);
      expect(got.flatMap((g) => g.events).length).toBe(lines.length);
      expect(got.every((g) => g.info.linesAt === null)).toBe(true);
      const stored = chunks(got, new Blob([other])).map((c) => packChunk(c));
      expect(stored.some((s) => s.eventLines || s.rawLines)).toBe(false);
    }
  });

  it('stores texts when asked to, and will not read a slice without its bytes', async () => {
    const got = await ingest(bytes, 4096, true);
    const [chunk] = chunks(got, new Blob([bytes]));
    const texts = packChunk(chunk, false);
    expect(texts.rawTexts).toEqual(chunk.texts);
    expect(unpackChunk(texts).events).toEqual(chunk.events);
    expect(() => unpackChunk(packChunk(chunk))).toThrow(/readChunk/);
  });
});
