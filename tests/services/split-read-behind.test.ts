// readRange takes each batch (dedupe, collect, store) one behind the reading: batches still
// reach the sink in order and numbered on from the range before, and a range whose base
// fails rejects only after nothing more of it is collected or stored. A cancel does not wait
// for a range's writes, nor numbers a range read whole that was still waiting for its turn.
// SYNTHETIC data: bench/evtx-data.ts's writer-made log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticEvtx } from '../../bench/evtx-data.ts';
import { chunkRanges } from '../../src/ingest/evtx/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import type { EventBatch } from '../../src/worker/app/correlate.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';
import { readRange, type RangeSink } from '../../src/worker/app/split-read.ts';
import { bytesFile } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sequent-split-behind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sink that answers slowly, as the scanning worker answers a helper when it is busy. */
function slowSink() {
  const batches: EventBatch[] = [];
  const chunks: EventChunk[] = [];
  const later = () => new Promise((r) => setTimeout(r, 2));
  const sink: RangeSink = {
    dedupe: async () => (await later(), []),
    batch: async (b) => {
      await later();
      batches.push(b);
    },
    put: async (c) => void chunks.push(c),
  };
  return { sink, batches, chunks };
}

describe('readRange takes batches one behind the reading', () => {
  const file = bytesFile(new Uint8Array(readFileSync(syntheticEvtx(2, dir))), 'synthetic.evtx');
  const range = chunkRanges(file.size, 4 * 65536)[1];
  const job = { sessionId: 's', fileIndex: 0, chunkSize: 100, range };

  it('hands every batch over in order, numbered on from the range before', async () => {
    const slow = slowSink();
    const base = { records: 1000, lines: 1000, chunks: 3 };
    const read = await readRange(
      file,
      job,
      Promise.resolve(base),
      ingestFile,
      slow.sink,
      new AbortController().signal,
    );
    const records = slow.batches.flatMap((b) => b.docs.map((_, i) => b.firstRecord + i));
    expect(records.length).toBeGreaterThan(200);
    expect(slow.batches.length).toBeGreaterThan(2);
    expect(records).toEqual(records.map((_, i) => 1000 + i));
    expect(slow.chunks.map((c) => c.firstRecord)).toEqual(
      slow.chunks.map((_, i) => 1000 + i * 100),
    );
    expect(slow.chunks.flatMap((c) => c.lines)).toEqual(slow.batches.flatMap((b) => b.lines));
    expect(read.next.records).toBe(1000 + records.length);
  });

  it('rejects when the range before failed, and stores nothing after', async () => {
    const slow = slowSink();
    let settle!: (e: Error) => void;
    const base = new Promise<never>((_, reject) => (settle = reject));
    const reading = readRange(file, job, base, ingestFile, slow.sink, new AbortController().signal);
    setTimeout(() => settle(new Error('range 0 failed')), 5);
    await expect(reading).rejects.toThrow('range 0 failed');
    const after = [slow.batches.length, slow.chunks.length];
    await new Promise((r) => setTimeout(r, 50));
    expect([slow.batches.length, slow.chunks.length]).toEqual(after);
    expect(after).toEqual([0, 0]);
  });

  it('cancelled part way: answers without waiting for its writes, which land behind', async () => {
    const slow = slowSink();
    const cancel = new AbortController();
    let writesGo!: () => void;
    const go = new Promise<void>((resolve) => (writesGo = resolve));
    const stored: EventChunk[] = [];
    const sink: RangeSink = {
      ...slow.sink,
      batch: async (b) => {
        await slow.sink.batch(b, 0);
        if (slow.batches.length === 2) cancel.abort();
      },
      // Storage is slow: no write ends until the test says so.
      put: async (c) => {
        await go;
        stored.push(c);
      },
    };
    const base = Promise.resolve({ records: 0, lines: 0, chunks: 0 });
    const read = await readRange(file, job, base, ingestFile, sink, cancel.signal);
    expect(read.cut).toBe(true);
    expect(stored).toEqual([]);
    writesGo();
    // Every event it numbered is stored, behind the answer.
    await expect
      .poll(() => stored.reduce((n, c) => n + c.events.length, 0))
      .toBe(slow.batches.reduce((n, b) => n + b.docs.length, 0));
  });

  it('read whole and waiting for its turn when cancelled: numbers and stores nothing', async () => {
    const slow = slowSink();
    const cancel = new AbortController();
    let turn!: (b: { records: number; lines: number; chunks: number }) => void;
    const base = new Promise<{ records: number; lines: number; chunks: number }>(
      (resolve) => (turn = resolve),
    );
    let ended!: () => void;
    const readEnded = new Promise<void>((resolve) => (ended = resolve));
    const reading = readRange(
      file,
      job,
      base,
      ingestFile,
      { ...slow.sink, readEnded: ended },
      cancel.signal,
    );
    await readEnded;
    // The range before ends (its base comes) just as the user cancels.
    cancel.abort();
    turn({ records: 0, lines: 0, chunks: 0 });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect([slow.batches.length, slow.chunks.length]).toEqual([0, 0]);
  });
});
