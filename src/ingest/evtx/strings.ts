// UTF-16LE text out of a chunk. Strings are read straight from a 16-bit view of the bytes
// (String.fromCharCode over it) when aligned, else over a copy of its units (see copied): both
// give flat strings, where building one char at a time made chains of partial strings for the
// GC.

const decoder = new TextDecoder('utf-16le');
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// fromCharCode.apply passes each unit as an argument: keep well under engine limits.
const APPLY_MAX = 512;

let viewOf: ArrayBufferLike | null = null;
let view: Uint16Array<ArrayBufferLike> = new Uint16Array(0);

function units(b: Uint8Array, o: number, count: number): Uint16Array | null {
  const at = b.byteOffset + o;
  if (!LITTLE_ENDIAN || at & 1 || count > APPLY_MAX) return null;
  if (viewOf !== b.buffer) {
    viewOf = b.buffer;
    view = new Uint16Array(b.buffer, 0, b.buffer.byteLength >>> 1);
  }
  return view.subarray(at >>> 1, (at >>> 1) + count);
}

// Units of a string at an odd offset or longer than APPLY_MAX, copied here in pieces (its
// bytes copied as they are: the units are little-endian, as LITTLE_ENDIAN requires).
const scratch = new Uint16Array(APPLY_MAX);
const scratchBytes = new Uint8Array(scratch.buffer);

/** `count` UTF-16 code units from byte offset `o`. */
export function utf16(b: Uint8Array, o: number, count: number): string {
  if (count === 0) return '';
  const u = units(b, o, count);
  if (u) return String.fromCharCode.apply(null, u as unknown as number[]);
  return copied(b, o, count) ?? decoder.decode(b.subarray(o, o + count * 2));
}

/**
 * The string by String.fromCharCode over copies of its units, or null where TextDecoder would
 * give another string (it drops a leading BOM and replaces lone surrogates, so such strings
 * still go to it). A TextDecoder string came out as two bytes a character in the browser even
 * when every character fits in one: every JSON text and XML rendering it went into was then
 * twice the size to build, copy into IndexedDB and store.
 */
function copied(b: Uint8Array, o: number, count: number): string | null {
  if (!LITTLE_ENDIAN || (b[o] | (b[o + 1] << 8)) === 0xfeff) return null;
  const pieces: string[] = [];
  for (let from = 0; from < count; from += APPLY_MAX) {
    const n = Math.min(APPLY_MAX, count - from);
    const at = o + from * 2;
    scratchBytes.set(b.subarray(at, at + n * 2));
    for (let i = 0; i < n; i++) if ((scratch[i] & 0xf800) === 0xd800) return null;
    pieces.push(String.fromCharCode.apply(null, scratch.subarray(0, n) as unknown as number[]));
  }
  return pieces.length === 1 ? pieces[0] : pieces.join('');
}

/** Like utf16, without the NUL padding writers leave at the end. */
export function utf16Trimmed(b: Uint8Array, o: number, count: number): string {
  while (count > 0 && b[o + count * 2 - 2] === 0 && b[o + count * 2 - 1] === 0) count--;
  return utf16(b, o, count);
}

/** Single-byte (ANSI) text, read as Latin-1: the code page is not in the file. */
export function ansi(b: Uint8Array, o: number, n: number): string {
  while (n > 0 && b[o + n - 1] === 0) n--;
  if (n <= APPLY_MAX)
    return String.fromCharCode.apply(null, b.subarray(o, o + n) as unknown as number[]);
  return new TextDecoder('latin1').decode(b.subarray(o, o + n));
}
