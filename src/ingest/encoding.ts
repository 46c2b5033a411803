// Text encodings: UTF-8 (BOM or not) passes through as bytes; UTF-16 (BOM or sniffed from
// the zero bytes of ASCII text, as PowerShell 5.1's `>` writes it) is re-encoded to UTF-8
// chunk by chunk, so everything downstream scans one byte encoding.
import { peek } from './bytes.ts';

export interface Decoded {
  /** e.g. `utf-8`, `utf-8 (BOM)`, `utf-16le (BOM)`, `utf-16be (sniffed)`. */
  label: string;
  /** UTF-8 bytes, without any BOM. */
  chunks: AsyncGenerator<Uint8Array>;
  /** The source's own bytes from `bom` on (UTF-8 passed through), not re-encoded ones. */
  inPlace: boolean;
  /** Bytes of BOM skipped before `chunks`. */
  bom: number;
}

export function sniffEncoding(h: Uint8Array): {
  label: string;
  bom: number;
  utf16?: 'utf-16le' | 'utf-16be';
} {
  if (h.length >= 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf)
    return { label: 'utf-8 (BOM)', bom: 3 };
  if (h.length >= 2 && h[0] === 0xff && h[1] === 0xfe)
    return { label: 'utf-16le (BOM)', bom: 2, utf16: 'utf-16le' };
  if (h.length >= 2 && h[0] === 0xfe && h[1] === 0xff)
    return { label: 'utf-16be (BOM)', bom: 2, utf16: 'utf-16be' };
  // JSON and XML start with ASCII, so UTF-16 shows as a zero byte in every other position.
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(h.length, 64) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (h[i] === 0) evenZeros++;
    if (h[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddZeros >= pairs * 0.75 && evenZeros === 0)
    return { label: 'utf-16le (sniffed)', bom: 0, utf16: 'utf-16le' };
  if (pairs >= 2 && evenZeros >= pairs * 0.75 && oddZeros === 0)
    return { label: 'utf-16be (sniffed)', bom: 0, utf16: 'utf-16be' };
  return { label: 'utf-8', bom: 0 };
}

export async function decode(input: AsyncGenerator<Uint8Array>): Promise<Decoded> {
  const { head, rest } = await peek(input, 64);
  const enc = sniffEncoding(head);
  const body = skip(rest, enc.bom);
  return {
    label: enc.label,
    chunks: enc.utf16 ? transcode(body, enc.utf16) : body,
    inPlace: !enc.utf16,
    bom: enc.bom,
  };
}

async function* skip(chunks: AsyncGenerator<Uint8Array>, n: number): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    if (n > 0) {
      const k = Math.min(n, c.length);
      n -= k;
      if (k < c.length) yield c.subarray(k);
      continue;
    }
    yield c;
  }
}

async function* transcode(
  chunks: AsyncGenerator<Uint8Array>,
  label: 'utf-16le' | 'utf-16be',
): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(label);
  const encoder = new TextEncoder();
  for await (const c of chunks) {
    const text = decoder.decode(c, { stream: true });
    if (text) yield encoder.encode(text);
  }
  const tail = decoder.decode();
  if (tail) yield encoder.encode(tail);
}
