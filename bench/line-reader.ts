// How the Node floors read a file: 1 MiB reads, newlines found in the bytes, each line handed
// on as a byte range to decode alone (a whole chunk decoded and sliced is slower than ingest).
import { createReadStream } from 'node:fs';

/**
 * Calls `onLine` with each non-empty line of `path` as `buf[start, end)`, and `afterRead` after
 * each read's lines; a last line without a newline goes too, unless it is blank.
 */
export async function forEachLine(
  path: string,
  onLine: (buf: Buffer, start: number, end: number) => void,
  afterRead?: () => void,
): Promise<void> {
  let carry: Buffer | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      if (nl > start) onLine(buf, start, nl);
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : null;
    afterRead?.();
  }
  if (carry && carry.toString('utf8').trim()) onLine(carry, 0, carry.length);
}
