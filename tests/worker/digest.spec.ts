import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { bundleHarness, openHarness } from '../browser/bundle.ts';
import type * as Digest from '../../src/worker/app/digest.ts';

// A file too big for WebCrypto's whole-file digest is hashed from its stream, piece by piece,
// each piece at background priority (Chromium's task scheduler) so the thread's own reading
// goes first. In real Chromium: the digest equals WebCrypto's of the same bytes, and the hash
// waits while the thread has other work.

type Harness = {
  sha256Hex: typeof Digest.sha256Hex;
  WHOLE_HASHED_BYTES: number;
};
declare const sequentHarness: Harness;

test('a file over the whole-file limit: the streamed SHA-256 equals WebCrypto’s, and yields', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const script = await bundleHarness(
    fileURLToPath(new URL('./digest-harness.ts', import.meta.url)),
  );
  const page = await browser.newPage();
  // https: WebCrypto (the reference digest) needs a secure context.
  await openHarness(page, script, 'https://sequent-digest.test');
  const r = await page.evaluate(async () => {
    const size = sequentHarness.WHOLE_HASHED_BYTES + 12_345;
    // Pseudo-random bytes (xorshift), so no block repeats another.
    const bytes = new Uint8Array(size);
    const words = new Uint32Array(bytes.buffer, 0, size >>> 2);
    let x = 0x9e3779b9;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    for (let i = words.length * 4; i < size; i++) bytes[i] = i & 0xff;
    const hex = (b: ArrayBuffer) =>
      Array.from(new Uint8Array(b), (v) => v.toString(16).padStart(2, '0')).join('');
    const expected = hex(await crypto.subtle.digest('SHA-256', bytes));
    const file = new Blob([bytes]);
    let ended = false;
    const hashing = sequentHarness.sha256Hex(file).then((h) => {
      ended = true;
      return h;
    });
    // The thread kept busy for 1.5 s by ordinary tasks, one always queued behind the other:
    // the hash, waiting for the thread to be idle, makes no progress until they stop (hashed
    // at ordinary priority it took well under that here).
    const busyUntil = performance.now() + 1500;
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const t = performance.now();
        while (performance.now() - t < 5);
        if (performance.now() < busyUntil) channel.port2.postMessage(0);
        else resolve();
      };
      channel.port2.postMessage(0);
    });
    const endedWhileBusy = ended;
    return {
      expected,
      got: await hashing,
      endedWhileBusy,
      scheduler: 'scheduler' in globalThis,
    };
  });
  await page.close();
  expect(r.scheduler).toBe(true);
  expect(r.got).toBe(r.expected);
  expect(r.endedWhileBusy).toBe(false);
});
