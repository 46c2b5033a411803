// The SHA-256 fed piece by piece (src/ingest/sha256.ts) gives Node's digest for the same bytes,
// however the bytes are cut: at every length around the padding's edges, and over a large
// buffer fed in uneven pieces.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hex, Sha256 } from '../../src/ingest/sha256.ts';

const nodeSha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Bytes from a small linear congruential generator: the same every run. */
function bytesOf(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('SHA-256 fed in pieces', () => {
  it('matches the known digests of the empty string and "abc"', () => {
    expect(hex(new Sha256().digest())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(new Sha256().update(new TextEncoder().encode('abc')).digest())).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches Node for every length up to three blocks, cut anywhere', () => {
    for (let n = 0; n <= 192; n++) {
      const bytes = bytesOf(n, n + 1);
      const want = nodeSha(bytes);
      for (const cut of [0, 1, n >> 1, Math.max(0, n - 1), n]) {
        const h = new Sha256().update(bytes.subarray(0, cut)).update(bytes.subarray(cut));
        expect(hex(h.digest()), `length ${n}, cut at ${cut}`).toBe(want);
      }
    }
  });

  it('matches Node over 5 MB fed in uneven pieces, from views at odd offsets', () => {
    const bytes = bytesOf(5_000_003, 7);
    const h = new Sha256();
    let at = 0;
    for (let step = 1; at < bytes.length; step = (step * 7 + 13) % 70_001) {
      h.update(bytes.subarray(at, at + step));
      at += step;
    }
    expect(hex(h.digest())).toBe(nodeSha(bytes));
  });
});
