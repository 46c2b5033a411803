// indexOf for one byte that is fast on a plain Uint8Array. V8's TypedArray indexOf compares
// element by element (line ends of 64 MiB of telemetry: 37.6 ms in Chromium 156, 3.4 ms with
// Node's memchr Buffer.indexOf), and the splitter finds every line end so in browser workers.
// This reads four bytes at a time from an Int32Array view of the same memory and tests them for
// the byte all at once.

const nativeIndexOf = Uint8Array.prototype.indexOf;
const LOW = 0x01010101;
const HIGH = 0x80808080 | 0;
// Bytes looked at one by one before reading words.
const NEAR = 32;

// One view per ArrayBuffer; a stream's chunks and the splitter's slices share few buffers.
let lastBuffer: ArrayBufferLike | null = null;
let lastWords: Int32Array<ArrayBufferLike> = new Int32Array(0);

function wordsOf(buffer: ArrayBufferLike, end: number): Int32Array<ArrayBufferLike> {
  // A resizable buffer may have shrunk since the view was made; such a view reads nothing.
  if (buffer !== lastBuffer || lastWords.length < end) {
    lastBuffer = buffer;
    lastWords = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  }
  return lastWords;
}

/** The first index >= from (from >= 0) where b holds byte, or -1. */
export function indexOfByte(b: Uint8Array, byte: number, from: number): number {
  // Node's Buffer overrides indexOf with memchr, faster still.
  if (b.indexOf !== nativeIndexOf) return b.indexOf(byte, from);
  const n = b.length;
  let i = from;
  // Most JSON strings and XML text runs are short: look at their bytes one by one first.
  const near = Math.min(n, i + NEAR);
  for (; i < near; i++) if (b[i] === byte) return i;
  if (i >= n) return -1;
  const off = b.byteOffset;
  for (; (off + i) & 3; i++) if (b[i] === byte) return i;
  const kEnd = (off + n) >> 2;
  const words = wordsOf(b.buffer, kEnd);
  const pat = Math.imul(byte, LOW);
  let k = (off + i) >> 2;
  // A word holds the byte iff word ^ pat has a zero byte, iff (x - LOW) & ~x & HIGH is not 0.
  // Four words a step: in Chromium 156 two, four and eight measured alike; in Node two was slower.
  for (; k + 3 < kEnd; k += 4) {
    const w = words[k] ^ pat;
    const x = words[k + 1] ^ pat;
    const y = words[k + 2] ^ pat;
    const z = words[k + 3] ^ pat;
    const any =
      (((w - LOW) | 0) & ~w) |
      (((x - LOW) | 0) & ~x) |
      (((y - LOW) | 0) & ~y) |
      (((z - LOW) | 0) & ~z);
    if (any & HIGH) break;
  }
  for (i = (k << 2) - off; i < n; i++) if (b[i] === byte) return i;
  return -1;
}

// The splitter's small searches, kept on the built-in indexOf (see splitter.ts's runXml).
export function startsWithAscii(b: Uint8Array, i: number, s: string): boolean {
  if (i + s.length > b.length) return false;
  for (let k = 0; k < s.length; k++) if (b[i + k] !== s.charCodeAt(k)) return false;
  return true;
}

export function findAscii(b: Uint8Array, s: string, from: number): number {
  const first = s.charCodeAt(0);
  let i = from;
  for (;;) {
    const k = b.indexOf(first, i);
    if (k < 0 || k + s.length > b.length) return -1;
    if (startsWithAscii(b, k, s)) return k;
    i = k + 1;
  }
}

export function countLf(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = b.indexOf(0x0a, from);
  while (i >= 0 && i < to) {
    n++;
    i = b.indexOf(0x0a, i + 1);
  }
  return n;
}
