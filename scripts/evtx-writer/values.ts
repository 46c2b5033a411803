// Substitution values for the test writer, each encoded from the text Windows would render,
// so a round trip compares the reader's output with the writer's input, not with itself.
// Synthetic data only.

export interface WValue {
  type: number;
  bytes: Uint8Array;
  /** What the reader must render (null: the value leaves no text, e.g. NULL or BinXml). */
  text: string | null;
  /** BinXml values: the element the writer encodes where the value lands in its chunk. */
  tree?: import('./writer.ts').WElement;
}

const le = (n: number, width: number): Uint8Array => {
  const b = new Uint8Array(width);
  const dv = new DataView(b.buffer);
  if (width === 1) dv.setUint8(0, n);
  else if (width === 2) dv.setUint16(0, n, true);
  else dv.setUint32(0, n, true);
  return b;
};

const u64 = (n: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return b;
};

export function utf16(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) & 0xff;
    b[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}

export const nul = (): WValue => ({ type: 0x00, bytes: new Uint8Array(0), text: null });
export const wstr = (s: string): WValue => ({ type: 0x01, bytes: utf16(s), text: s });
export const ansi = (s: string): WValue => ({
  type: 0x02,
  bytes: Uint8Array.from(s, (c) => c.charCodeAt(0)),
  text: s,
});
export const i8 = (n: number): WValue => ({ type: 0x03, bytes: le(n & 0xff, 1), text: String(n) });
export const u8 = (n: number): WValue => ({ type: 0x04, bytes: le(n, 1), text: String(n) });
export const i16 = (n: number): WValue => ({
  type: 0x05,
  bytes: le(n & 0xffff, 2),
  text: String(n),
});
export const u16 = (n: number): WValue => ({ type: 0x06, bytes: le(n, 2), text: String(n) });
export const i32 = (n: number): WValue => ({ type: 0x07, bytes: le(n >>> 0, 4), text: String(n) });
export const u32 = (n: number): WValue => ({ type: 0x08, bytes: le(n >>> 0, 4), text: String(n) });
export const i64 = (n: bigint): WValue => ({ type: 0x09, bytes: u64(n), text: String(n) });
export const uint64 = (n: bigint): WValue => ({ type: 0x0a, bytes: u64(n), text: String(n) });
export const real64 = (n: number): WValue => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, n, true);
  return { type: 0x0c, bytes: b, text: String(n) };
};
export const bool = (v: boolean): WValue => ({
  type: 0x0d,
  bytes: le(v ? 1 : 0, 4),
  text: String(v),
});
export const hex32 = (n: number): WValue => ({
  type: 0x14,
  bytes: le(n >>> 0, 4),
  text: '0x' + (n >>> 0).toString(16),
});
export const hex64 = (n: bigint): WValue => ({
  type: 0x15,
  bytes: u64(n),
  text: '0x' + n.toString(16),
});

export function binary(bytes: Uint8Array): WValue {
  const text = [...bytes]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  return { type: 0x0e, bytes, text };
}

/** `{8-4-4-4-12}` upper case; the first three groups are little-endian in the bytes. */
export function guid(text: string): WValue {
  const h = text.replace(/[{}-]/g, '');
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, parseInt(h.slice(0, 8), 16), true);
  dv.setUint16(4, parseInt(h.slice(8, 12), 16), true);
  dv.setUint16(6, parseInt(h.slice(12, 16), 16), true);
  for (let i = 0; i < 8; i++) b[8 + i] = parseInt(h.slice(16 + 2 * i, 18 + 2 * i), 16);
  return { type: 0x0f, bytes: b, text: text.toUpperCase() };
}

/** `S-1-5-21-…`: revision, count, 48-bit big-endian authority, little-endian sub-authorities. */
export function sid(text: string): WValue {
  const [, rev, auth, ...subs] = text.split('-');
  const b = new Uint8Array(8 + 4 * subs.length);
  const dv = new DataView(b.buffer);
  b[0] = Number(rev);
  b[1] = subs.length;
  const a = Number(auth);
  dv.setUint16(2, Math.floor(a / 2 ** 32));
  dv.setUint32(4, a % 2 ** 32);
  subs.forEach((s, i) => dv.setUint32(8 + 4 * i, Number(s), true));
  return { type: 0x13, bytes: b, text };
}

const EPOCH_TICKS = 116444736000000000n;

/** From `YYYY-MM-DDTHH:MM:SS.fffffffZ` (seven fraction digits, as Windows renders it). */
export function filetime(text: string): WValue {
  const ms = BigInt(Date.parse(text.slice(0, 23) + 'Z'));
  const ticks = ms * 10000n + BigInt(text.slice(23, 27)) + EPOCH_TICKS;
  return { type: 0x11, bytes: u64(ticks), text };
}

/** From `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function systemtime(text: string): WValue {
  const d = new Date(text);
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDay(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  ].forEach((v, i) => dv.setUint16(2 * i, v, true));
  return { type: 0x12, bytes: b, text };
}

/** NUL-separated strings; rendered one element per item when it fills an element. */
export function wstrArray(items: string[]): WValue & { items: string[] } {
  return { type: 0x81, bytes: utf16(items.map((s) => s + '\0').join('')), text: null, items };
}

/** A nested Binary XML fragment (as UserData often is): one element, no substitutions. */
export const binxml = (tree: import('./writer.ts').WElement): WValue => ({
  type: 0x21,
  bytes: new Uint8Array(0),
  text: null,
  tree,
});
