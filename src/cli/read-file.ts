import { createReadStream } from 'node:fs';

// 1 MiB reads instead of Node's 64 KiB default: fewer chunks to carry lines across and fewer
// waits between them, the same chunk size the benchmark's read + JSON.parse floor uses.
// `sequent scan` reads less at a time (scan-collect.ts).
export const readChunks = (path: string, bytes = 1 << 20) =>
  createReadStream(path, { highWaterMark: bytes });
