// UTF-16LE text out of a chunk. Strings are read by String.fromCharCode over a copy of their
// units in one reused array (see copied for the ones TextDecoder reads): this gives flat
// strings, where building one char at a time made chains of partial strings for the GC.

const decoder = new TextDecoder('utf-16le');
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// fromCharCode.apply passes each unit as an argument: keep well under engine limits.
const APPLY_MAX = 512;

// Units of a string, copied here: a fresh view (subarray) per string and the copy's pieces
// were a fifth of what the reader allocated. VIEWS[n] is the first n units, made once.
const scratch = new Uint16Array(APPLY_MAX);
const scratchBytes = new Uint8Array(scratch.buffer);
const VIEWS = Array.from({ length: APPLY_MAX + 1 }, (_, n) => scratch.subarray(0, n));

const fromUnits = (n: number): string =>
  String.fromCharCode.apply(null, VIEWS[n] as unknown as number[]);
// Tried: ASCII text through TextDecoder (no argument list): 15% less CPU in Node, but Chrome
// makes each such string external and the page got slower (wall 2.9 -> 3.1 s per 64 MiB).

/** `count` UTF-16 code units from byte offset `o`. */
export function utf16(b: Uint8Array, o: number, count: number): string {
  if (count === 0) return '';
  if (LITTLE_ENDIAN && count <= APPLY_MAX) {
    // An aligned string is taken as its units are; see copied for the others.
    const aligned = ((b.byteOffset + o) & 1) === 0;
    if (!aligned && (b[o] | (b[o + 1] << 8)) === 0xfeff)
      return decoder.decode(b.subarray(o, o + count * 2));
    let odd = 0;
    for (let i = 0, p = o; i < count; i++, p += 2) {
      const u = b[p] | (b[p + 1] << 8);
      scratch[i] = u;
      odd |= (u & 0xf800) === 0xd800 ? 1 : 0;
    }
    if (aligned || !odd) return fromUnits(count);
    return decoder.decode(b.subarray(o, o + count * 2));
  }
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
    pieces.push(fromUnits(n));
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
  if (n <= APPLY_MAX) {
    for (let i = 0; i < n; i++) scratch[i] = b[o + i];
    return fromUnits(n);
  }
  return new TextDecoder('latin1').decode(b.subarray(o, o + n));
}
