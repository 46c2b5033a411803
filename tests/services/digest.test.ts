import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashWhileReading,
  MAX_HASHED_BYTES,
  sha256Hex,
  WHOLE_HASHED_BYTES,
} from '../../src/worker/app/digest.ts';

describe('file digest', () => {
  it('matches sha256sum for a file', async () => {
    const bytes = new TextEncoder().encode('synthetic evidence\n'.repeat(1000));
    const blob = new Blob([bytes]);
    expect(await sha256Hex(blob)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('hashes a file over the whole-file size from its stream, never whole', async () => {
    // Over WHOLE_HASHED_BYTES of bytes, each 1 MiB piece a different byte.
    const pieces = Array.from({ length: WHOLE_HASHED_BYTES / 2 ** 20 + 3 }, (_, i) =>
      new Uint8Array(2 ** 20).fill(i * 37),
    );
    const big = {
      size: pieces.length * 2 ** 20,
      arrayBuffer: () => Promise.reject(new Error('read whole')),
      stream: () => new Blob(pieces).stream(),
    };
    const want = createHash('sha256');
    for (const p of pieces) want.update(p);
    expect(await sha256Hex(big)).toBe(want.digest('hex'));
  });

  it('declines files over the limit without reading them', async () => {
    let read = false;
    const huge = {
      size: MAX_HASHED_BYTES + 1,
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
      stream: () => {
        read = true;
        return new Blob([]).stream();
      },
    };
    expect(await sha256Hex(huge)).toBeNull();
    expect(read).toBe(false);
  });
});

describe('hashing a file from the bytes its reader reads', () => {
  // 3 MiB of bytes, each 64 KiB piece another byte; hashed in JS past 1 MiB here.
  const pieces = Array.from({ length: 48 }, (_, i) => new Uint8Array(2 ** 16).fill(i * 11));
  const want = () => {
    const h = createHash('sha256');
    for (const p of pieces) h.update(p);
    return h.digest('hex');
  };
  const file = () => {
    const blob = new Blob(pieces);
    const seen = { streams: 0, whole: 0 };
    return {
      seen,
      file: {
        name: 'big.ndjson',
        size: blob.size,
        arrayBuffer: () => (seen.whole++, blob.arrayBuffer()),
        stream: () => (seen.streams++, blob.stream()),
      },
    };
  };
  const readAll = async (source: { stream(): AsyncIterable<Uint8Array> | ReadableStream }) => {
    let n = 0;
    for await (const chunk of source.stream() as AsyncIterable<Uint8Array>) n += chunk.length;
    return n;
  };

  it('reads the file once: the reader’s bytes are the hash’s', async () => {
    const { file: f, seen } = file();
    const reading = hashWhileReading(f, 2 ** 20);
    expect(await readAll(reading.source)).toBe(f.size);
    expect(await reading.digest()).toBe(want());
    expect(seen).toEqual({ streams: 1, whole: 0 });
  });

  it('hashes the file on its own when the reader stopped part way or read it twice', async () => {
    const { file: f, seen } = file();
    const stopped = hashWhileReading(f, 2 ** 20);
    for await (const _ of stopped.source.stream() as AsyncIterable<Uint8Array>) break;
    expect(await stopped.digest()).toBe(want());
    expect(seen.streams).toBe(2);
    const twice = hashWhileReading(f, 2 ** 20);
    await readAll(twice.source);
    await readAll(twice.source);
    expect(await twice.digest()).toBe(want());
  });

  it('leaves a small file to WebCrypto, whole, beside the reading', async () => {
    const { file: f, seen } = file();
    const reading = hashWhileReading(f);
    expect(reading.source).toBe(f);
    expect(await reading.digest()).toBe(want());
    expect(seen.whole).toBe(1);
  });
});
