// Byte-level encodings for Sigma's base64, base64offset and utf16 modifiers. Values travel
// as "byte strings" (one char per byte, 0–255) once encoded, so the steps chain in the order
// the rule lists them. No Buffer or btoa: this runs in the worker and in Node alike.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8Bytes(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('');
}

export function base64(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes.charCodeAt(i);
    const b = i + 1 < bytes.length ? bytes.charCodeAt(i + 1) : 0;
    const c = i + 2 < bytes.length ? bytes.charCodeAt(i + 2) : 0;
    out += B64[a >> 2] + B64[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < bytes.length ? B64[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < bytes.length ? B64[c & 63] : '=';
  }
  return out;
}

/**
 * The three forms a byte string takes inside a longer base64 text, depending on its offset
 * modulo 3: the characters shared with the unknown neighbouring bytes are cut off.
 */
export function base64Offsets(bytes: string): string[] {
  const START = [0, 2, 3];
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = base64('\0'.repeat(shift) + bytes);
    const rest = (bytes.length + shift) % 3;
    const end = rest === 0 ? encoded.length : encoded.length - (rest === 1 ? 3 : 2);
    out.push(encoded.slice(START[shift], end));
  }
  return out;
}

export function utf16(text: string, littleEndian: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const hi = String.fromCharCode(u >> 8);
    const lo = String.fromCharCode(u & 255);
    out += littleEndian ? lo + hi : hi + lo;
  }
  return out;
}
