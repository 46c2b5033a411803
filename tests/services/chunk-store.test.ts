import { describe, expect, it } from 'vitest';
import { ChunkStore } from '../../src/worker/app/chunk-store.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';

const chunk = (n: number): EventChunk => ({
  sessionId: 's',
  chunkIndex: n,
  file: 0,
  firstRecord: n * 2,
  events: [{ n }],
  lines: [n + 1],
  raws: [`raw ${n}`],
});

/** A write that ends when the test says so. */
function gatedWrites() {
  const started: number[] = [];
  const written: number[] = [];
  const gates: Array<() => void> = [];
  const write = (c: EventChunk) =>
    new Promise<void>((resolve) => {
      started.push(c.chunkIndex);
      gates.push(() => {
        written.push(c.chunkIndex);
        resolve();
      });
    });
  return { started, written, gates, write };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ChunkStore', () => {
  it('writes behind the reading, one chunk at a time, in order', async () => {
    const w = gatedWrites();
    const store = new ChunkStore(w.write);
    await store.add(chunk(0));
    // The reader goes on while chunk 0 is being written.
    expect(w.started).toEqual([0]);
    let taken = false;
    const second = store.add(chunk(1)).then(() => (taken = true));
    await tick();
    // The next full chunk waits for the write before it: never two in flight.
    expect(taken).toBe(false);
    expect(w.started).toEqual([0]);
    w.gates[0]();
    await second;
    expect(w.started).toEqual([0, 1]);
    let settled = false;
    const all = store.settled().then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    w.gates[1]();
    await all;
    expect(w.written).toEqual([0, 1]);
    expect(store.storage).toBe('full');
  });

  it('stops writing events once the storage is full, and says so', async () => {
    const written: number[] = [];
    const store = new ChunkStore(async (c) => {
      if (c.chunkIndex >= 1) throw new DOMException('quota', 'QuotaExceededError');
      written.push(c.chunkIndex);
    });
    for (let n = 0; n < 4; n++) await store.add(chunk(n));
    await store.settled();
    expect(written).toEqual([0]);
    expect(store.storage).toBe('alerts-only');
  });

  it('hands any other write error to the reader, at its next chunk or at the end', async () => {
    const store = new ChunkStore(async () => {
      throw new Error('disk gone');
    });
    await store.add(chunk(0));
    await expect(store.add(chunk(1))).rejects.toThrow('disk gone');
    const last = new ChunkStore(async () => {
      throw new Error('disk gone');
    });
    await last.add(chunk(0));
    await expect(last.settled()).rejects.toThrow('disk gone');
  });

  it('takes no chunk when there is none', async () => {
    const w = gatedWrites();
    const store = new ChunkStore(w.write);
    await store.add(null);
    await store.settled();
    expect(w.started).toEqual([]);
  });
});
