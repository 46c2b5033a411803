// NDJSON a block of lines at a time, for RecordSplitter's `ndjsonBlocks` option: the lines up
// to the last line end within a block are decoded together and cut out of the text, instead of
// one TextDecoder call per line (~4 µs each in a Chromium worker).
//
// The lines, their offsets and their text are exactly those of one decode per line:
// - An LF byte is always one '\n' and never part of a multi-byte or invalid sequence, so the
//   k-th line of the text is the k-th line decoded on its own, replacement characters included
//   (an unfinished sequence ends at the LF as it ends at the end of a line's bytes).
// - Where the text is as long as the bytes, a text index is a byte offset: every byte sequence
//   gives at most as many UTF-16 units as it has bytes (2-, 3-, 4-byte characters 1, 1, 2; an
//   invalid sequence one U+FFFD), so equal lengths leave only ASCII and lone invalid bytes, one
//   unit each. Otherwise the line ends are also looked up in the bytes.
// - Decoding a line on its own drops a leading BOM, so a line whose bytes start with one drops
//   its U+FEFF here (the block decoder keeps every BOM as text).
//
// Each record's text is a slice that keeps its whole block's text alive; that is fine while the
// texts only go to storage (AttachedEvents drops them from what it keeps). Values JSON.parse
// makes of a slice do not keep it alive (checked in Node: 100 values, 3.8 vs 4.9 MiB heap;
// 100 kept slices of 1 MiB blocks, 103 MiB).
import { indexOfByte } from './byte-search.ts';

const LF = 0x0a;
const CR = 0x0d;
export const BLOCK = 1 << 20;

export interface SplitterOptions {
  /** NDJSON decoded by blocks, the same records as one decode per line: the page's workers. */
  ndjsonBlocks?: boolean;
  /** Bytes per block (default 1 MiB); tests make it small to cross it often. */
  blockBytes?: number;
}

export interface NdjsonLines {
  /** A non-empty line: text.slice(s, e) (CR dropped), starting at byte bp. */
  emit(text: string, s: number, e: number, bp: number): void;
  /** A line longer than a block, bytes bp..nl (nl: its LF), to decode on its own. */
  alone(bp: number, nl: number): void;
  /** After each line end. */
  next(): void;
}

export class NdjsonBlocks {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly blockBytes: number) {}

  /** Cuts every whole line of b from bp on; returns where the unfinished line starts. */
  run(b: Uint8Array, bp: number, lines: NdjsonLines): number {
    const n = b.length;
    const block = this.blockBytes;
    while (bp < n) {
      const last = b.lastIndexOf(LF, Math.min(n, bp + block) - 1);
      if (last < bp) {
        if (bp + block >= n) break;
        const nl = indexOfByte(b, LF, bp + block);
        if (nl < 0) break;
        lines.alone(bp, nl);
        lines.next();
        bp = nl + 1;
        continue;
      }
      const text = this.decoder.decode(b.subarray(bp, last + 1));
      const base = bp;
      // A regular expression looking for non-ASCII instead cost ~0.4 ms a block in Chromium.
      const flat = text.length === last + 1 - base;
      let sp = 0;
      while (bp <= last) {
        const snl = text.indexOf('\n', sp);
        const nl = flat ? base + snl : indexOfByte(b, LF, bp);
        const e = nl > bp && b[nl - 1] === CR ? nl - 1 : nl;
        if (e > bp) {
          const bom = !flat && b[bp] === 0xef && b[bp + 1] === 0xbb && b[bp + 2] === 0xbf;
          lines.emit(text, bom ? sp + 1 : sp, e < nl ? snl - 1 : snl, bp);
        }
        lines.next();
        bp = nl + 1;
        sp = snl + 1;
      }
    }
    return bp;
  }
}
