// The 4 KiB file header: where the chunks are, how many there should be, and whether the
// writer left the file dirty (chunks newer than the header) or full.
import { crc32 } from './crc32.ts';

export const FILE_SIGNATURE = 'ElfFile\0';
export const FILE_HEADER_SIZE = 4096;

export interface FileHeader {
  firstChunk: number;
  lastChunk: number;
  nextRecordId: number;
  majorVersion: number;
  minorVersion: number;
  /** Size of the header block (4096 in every file seen); chunks start after it. */
  blockSize: number;
  chunkCount: number;
  dirty: boolean;
  full: boolean;
  /** Empty when the header is sound; else what is wrong with it (the file is read anyway). */
  problems: string[];
}

export function isEvtx(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  for (let i = 0; i < 8; i++) if (head[i] !== FILE_SIGNATURE.charCodeAt(i)) return false;
  return true;
}

const u64 = (dv: DataView, o: number) =>
  dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 2 ** 32;

export function readFileHeader(b: Uint8Array): FileHeader {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const problems: string[] = [];
  const flags = dv.getUint32(120, true);
  const stored = dv.getUint32(124, true);
  const computed = crc32(b, 0, 120);
  if (stored !== computed)
    problems.push(`file header CRC32 is ${hex(stored)}, computed ${hex(computed)}`);
  const major = dv.getUint16(38, true);
  const minor = dv.getUint16(36, true);
  if (major !== 3) problems.push(`unknown format version ${major}.${minor} (expected 3.x)`);
  const blockSize = dv.getUint16(40, true);
  if (blockSize !== FILE_HEADER_SIZE)
    problems.push(
      `header block size ${blockSize} (expected ${FILE_HEADER_SIZE}); read as ${FILE_HEADER_SIZE}`,
    );
  return {
    firstChunk: u64(dv, 8),
    lastChunk: u64(dv, 16),
    nextRecordId: u64(dv, 24),
    majorVersion: major,
    minorVersion: minor,
    blockSize: FILE_HEADER_SIZE,
    chunkCount: dv.getUint16(42, true),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    problems,
  };
}

export const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');
