import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_HASHED_BYTES, sha256Hex } from '../../src/worker/app/digest.ts';

describe('file digest', () => {
  it('matches sha256sum for a file', async () => {
    const bytes = new TextEncoder().encode('synthetic evidence\n'.repeat(1000));
    const blob = new Blob([bytes]);
    expect(await sha256Hex(blob)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('declines files over the limit without reading them', async () => {
    let read = false;
    const huge = {
      size: MAX_HASHED_BYTES + 1,
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
    };
    expect(await sha256Hex(huge)).toBeNull();
    expect(read).toBe(false);
  });
});
