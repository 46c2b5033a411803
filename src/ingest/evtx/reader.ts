// Reads an .evtx stream chunk by chunk: the 4 KiB file header, then one 64 KiB chunk at a
// time in a single reused buffer, so memory stays at one chunk whatever the file size.
import { BinXmlParser } from './binxml.ts';
import { CHUNK_SIZE, readChunk, type Problem } from './chunk.ts';
import { FILE_HEADER_SIZE, isEvtx, readFileHeader, type FileHeader } from './file-header.ts';
import { buildTree, type EvtxRecord, type RecordBuilder } from './record.ts';
import type { XmlNode } from '../xml.ts';

export interface EvtxStats {
  header: FileHeader | null;
  /** Chunks read (with a sound header and records CRC). */
  chunks: number;
  records: number;
  damagedChunks: number;
  damagedRecords: number;
  /** Of `chunks`, those read although a CRC32 failed (header or records) or the file cut them. */
  salvagedChunks: number;
  /** All-zero chunks: allocated but never written. */
  unusedChunks: number;
}

export function newStats(): EvtxStats {
  return {
    header: null,
    chunks: 0,
    records: 0,
    damagedChunks: 0,
    damagedRecords: 0,
    salvagedChunks: 0,
    unusedChunks: 0,
  };
}

/** A run of whole chunks of one file: what one of several workers reads. */
export interface ChunkRange {
  /** Number of the range's first chunk in the file. */
  firstChunk: number;
  /** File offset of that chunk. */
  start: number;
  /** Exclusive end offset: the next range's start, or the file's size. */
  end: number;
}

/**
 * A file of `size` bytes cut into ranges of whole chunks, about `bytes` each. Chunks share
 * nothing but the file header, so each range is read on its own as that header followed by
 * the range's bytes (see `readEvtx`'s `firstChunk`).
 */
export function chunkRanges(size: number, bytes: number): ChunkRange[] {
  const per = Math.max(1, Math.round(bytes / CHUNK_SIZE));
  const ranges: ChunkRange[] = [];
  for (let c = 0; FILE_HEADER_SIZE + c * CHUNK_SIZE < size; c += per) {
    const start = FILE_HEADER_SIZE + c * CHUNK_SIZE;
    ranges.push({ firstChunk: c, start, end: Math.min(size, start + per * CHUNK_SIZE) });
  }
  return ranges.length ? ranges : [{ firstChunk: 0, start: 0, end: size }];
}

/**
 * The records of an .evtx byte stream, one array per chunk. Damage is reported through
 * `report` and skipped; the generator itself only throws what the byte source throws.
 * With `firstChunk`, the stream is the file header followed by the chunks from that one on
 * (a `ChunkRange`): chunk numbers and offsets stay the file's, and the header's own problems
 * are left to the range that starts the file, so they are told once.
 */
export function readEvtx(
  input: AsyncIterable<Uint8Array>,
  report: (p: Problem) => void,
  stats: EvtxStats = newStats(),
  firstChunk = 0,
): AsyncGenerator<Array<EvtxRecord<XmlNode>>> {
  return readRecords(input, report, stats, firstChunk, buildTree);
}

/**
 * Like `readEvtx`, each record made by `build` while its chunk is at hand. `onChunk` sees the
 * bytes of each chunk that gave records, just before they are yielded (the bytes are reused
 * for the next chunk: keep a copy).
 */
export async function* readRecords<T>(
  input: AsyncIterable<Uint8Array>,
  report: (p: Problem) => void,
  stats: EvtxStats,
  firstChunk: number,
  build: RecordBuilder<T>,
  onChunk?: (bytes: Uint8Array) => void,
): AsyncGenerator<Array<EvtxRecord<T>>> {
  const parser = new BinXmlParser();
  const header = new Uint8Array(FILE_HEADER_SIZE);
  const chunk = new Uint8Array(CHUNK_SIZE);
  let fill = 0;
  let inHeader = true;
  let index = firstChunk;
  let base: number = FILE_HEADER_SIZE + firstChunk * CHUNK_SIZE;

  const finishHeader = (): boolean => {
    if (!isEvtx(header)) {
      report({ chunk: -1, offset: 0, message: 'not an .evtx file (no ElfFile signature)' });
      return false;
    }
    const h = readFileHeader(header);
    stats.header = h;
    if (firstChunk === 0) for (const m of h.problems) report({ chunk: -1, offset: 0, message: m });
    return true;
  };

  const finishChunk = (bytes: Uint8Array): Array<EvtxRecord<T>> => {
    const r = readChunk(parser, bytes, index, base, report, build);
    if (r.salvaged) stats.salvagedChunks++;
    if (r.ok) stats.chunks++;
    else if (r.unused) stats.unusedChunks++;
    else stats.damagedChunks++;
    stats.records += r.records.length;
    stats.damagedRecords += r.damagedRecords;
    index++;
    base += CHUNK_SIZE;
    if (r.records.length) onChunk?.(bytes);
    return r.records;
  };

  for await (const piece of input) {
    let i = 0;
    while (i < piece.length) {
      if (inHeader) {
        const n = Math.min(FILE_HEADER_SIZE - fill, piece.length - i);
        header.set(piece.subarray(i, i + n), fill);
        fill += n;
        i += n;
        if (fill === FILE_HEADER_SIZE) {
          inHeader = false;
          fill = 0;
          if (!finishHeader()) return;
        }
        continue;
      }
      // A whole chunk in the piece is parsed where it lies, without a copy.
      if (fill === 0 && piece.length - i >= CHUNK_SIZE) {
        const records = finishChunk(piece.subarray(i, i + CHUNK_SIZE));
        i += CHUNK_SIZE;
        if (records.length) yield records;
        continue;
      }
      const n = Math.min(CHUNK_SIZE - fill, piece.length - i);
      chunk.set(piece.subarray(i, i + n), fill);
      fill += n;
      i += n;
      if (fill === CHUNK_SIZE) {
        fill = 0;
        const records = finishChunk(chunk);
        if (records.length) yield records;
      }
    }
  }
  if (inHeader) {
    report({
      chunk: -1,
      offset: 0,
      message: `truncated: the file ends ${fill} bytes into its ${FILE_HEADER_SIZE}-byte header`,
    });
    return;
  }
  if (fill > 0) {
    const records = finishChunk(chunk.subarray(0, fill));
    if (records.length) yield records;
  }
}
