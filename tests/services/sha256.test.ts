import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Sha256 } from '../../src/worker/app/sha256.ts';

const reference = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('Sha256', () => {
  it('matches the FIPS 180-2 "abc" vector and the empty input', () => {
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(new Sha256().hex()).toBe(reference(new Uint8Array()));
  });

  it('gives node:crypto results for any split of any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400)), (bytes, cuts) => {
        const hash = new Sha256();
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const p of points) {
          hash.update(bytes.subarray(from, p));
          from = p;
        }
        hash.update(bytes.subarray(from));
        return hash.hex() === reference(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a few megabytes fast enough to run inside the scan', () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    const started = performance.now();
    const hex = new Sha256().update(bytes).hex();
    const ms = performance.now() - started;
    expect(hex).toBe(reference(bytes));
    console.log(`sha256: ${((8 / ms) * 1000).toFixed(0)} MB/s`);
    expect(ms).toBeLessThan(4000);
  });
});
