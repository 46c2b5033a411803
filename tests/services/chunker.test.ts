import { describe, expect, it } from 'vitest';
import { CHUNKS_PER_FILE, ChunkBuilder } from '../../src/worker/app/chunker.ts';

const batch = (firstRecord: number, n: number) => ({
  file: 2,
  firstRecord,
  docs: Array.from({ length: n }, (_, i) => ({ n: firstRecord + i })),
  lines: Array.from({ length: n }, (_, i) => firstRecord + i + 1),
  raws: Array.from({ length: n }, (_, i) => `raw ${firstRecord + i}`),
});

describe('ChunkBuilder', () => {
  it('groups read batches into chunks of the storage size, numbered per file, nothing lost', () => {
    const builder = new ChunkBuilder('s', 2, 5);
    const out = [
      builder.add(batch(0, 3)),
      builder.add(batch(3, 3)),
      builder.add(batch(6, 3)),
      builder.flush(),
    ].filter((c) => c !== null);
    expect(
      out.map((c) => [c.chunkIndex - 2 * CHUNKS_PER_FILE, c.firstRecord, c.events.length]),
    ).toEqual([
      [0, 0, 6],
      [1, 6, 3],
    ]);
    expect(out.flatMap((c) => c.lines)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(out.flatMap((c) => c.raws)).toEqual(Array.from({ length: 9 }, (_, i) => `raw ${i}`));
    expect(builder.flush()).toBeNull();
  });
});
