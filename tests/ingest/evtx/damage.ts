// A chunk damaged behind valid CRCs, for the tests that read such chunks two ways: the
// reader's CRC checks pass, so what it makes of the changed records is what is compared.
import { crc32 } from '../../../src/ingest/evtx/crc32.ts';

const HEADER = 4096;
const CHUNK = 65536;

/**
 * A file of `file`'s header and one of its chunks (picked by `rnd`), with one to six bytes of
 * its records changed by `change` and both CRCs made right again; null when the file has no
 * chunk or the chunk no records.
 */
export function damagedChunk(
  file: Uint8Array,
  rnd: (n: number) => number,
  change: (chunk: Uint8Array, at: number) => void,
): Uint8Array | null {
  const chunks = Math.floor((file.length - HEADER) / CHUNK);
  if (chunks < 1) return null;
  const at = HEADER + rnd(chunks) * CHUNK;
  const out = new Uint8Array(HEADER + CHUNK);
  out.set(file.subarray(0, HEADER));
  out.set(file.subarray(at, at + CHUNK), HEADER);
  const c = out.subarray(HEADER);
  const dv = new DataView(c.buffer, c.byteOffset, CHUNK);
  const free = dv.getUint32(48, true);
  if (free <= 512 || free > CHUNK) return null;
  for (let i = 0, n = 1 + rnd(6); i < n; i++) change(c, 512 + rnd(free - 512));
  dv.setUint32(52, crc32(c, 512, free), true);
  dv.setUint32(124, crc32(c, 128, 512, crc32(c, 0, 120)), true);
  return out;
}
