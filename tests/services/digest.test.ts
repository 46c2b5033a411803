import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_HASHED_BYTES, sha256Hex, WHOLE_HASHED_BYTES } from '../../src/worker/app/digest.ts';

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
