// UTF-16LE text out of a chunk. Short strings (names, most values) are built char by char,
// which beats a TextDecoder call; long ones go to the decoder.

const decoder = new TextDecoder('utf-16le');
const SHORT = 24;

/** `count` UTF-16 code units from byte offset `o`. */
export function utf16(b: Uint8Array, o: number, count: number): string {
  if (count > SHORT) return decoder.decode(b.subarray(o, o + count * 2));
  let s = '';
  for (let i = 0; i < count; i++, o += 2) s += String.fromCharCode(b[o] | (b[o + 1] << 8));
  return s;
}

/** Like utf16, without the NUL padding writers leave at the end. */
export function utf16Trimmed(b: Uint8Array, o: number, count: number): string {
  while (count > 0 && b[o + count * 2 - 2] === 0 && b[o + count * 2 - 1] === 0) count--;
  return utf16(b, o, count);
}

/** Single-byte (ANSI) text, read as Latin-1: the code page is not in the file. */
export function ansi(b: Uint8Array, o: number, n: number): string {
  while (n > 0 && b[o + n - 1] === 0) n--;
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]);
  return s;
}
