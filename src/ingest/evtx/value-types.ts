// Substitution values: each value type rendered as text the way Windows renders it in Event
// XML (EvtRender), so a rule sees on a raw .evtx what it sees on the XML export.
import { ansi, utf16, utf16Trimmed } from './strings.ts';

export const enum ValueType {
  Null = 0x00,
  WString = 0x01,
  String = 0x02,
  Int8 = 0x03,
  UInt8 = 0x04,
  Int16 = 0x05,
  UInt16 = 0x06,
  Int32 = 0x07,
  UInt32 = 0x08,
  Int64 = 0x09,
  UInt64 = 0x0a,
  Real32 = 0x0b,
  Real64 = 0x0c,
  Bool = 0x0d,
  Binary = 0x0e,
  Guid = 0x0f,
  SizeT = 0x10,
  FileTime = 0x11,
  SysTime = 0x12,
  Sid = 0x13,
  HexInt32 = 0x14,
  HexInt64 = 0x15,
  EvtHandle = 0x20,
  BinXml = 0x21,
  EvtXml = 0x23,
  ArrayFlag = 0x80,
}

/** Thrown for a value that cannot be read; the record is reported and skipped. */
export class EvtxFormatError extends Error {}

// Two upper-case hex digits per byte value: GUIDs and binary are built from these.
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** Fixed byte widths of the fixed-size types (0: variable). */
const WIDTH: Record<number, number> = {
  [ValueType.Int8]: 1,
  [ValueType.UInt8]: 1,
  [ValueType.Int16]: 2,
  [ValueType.UInt16]: 2,
  [ValueType.Int32]: 4,
  [ValueType.UInt32]: 4,
  [ValueType.Int64]: 8,
  [ValueType.UInt64]: 8,
  [ValueType.Real32]: 4,
  [ValueType.Real64]: 8,
  [ValueType.Bool]: 4,
  [ValueType.Guid]: 16,
  [ValueType.FileTime]: 8,
  [ValueType.SysTime]: 16,
  [ValueType.HexInt32]: 4,
  [ValueType.HexInt64]: 8,
};

const u64 = (dv: DataView, o: number): bigint => dv.getBigUint64(o, true);

/**
 * One value of `type` held in `b[o, o + size)` as text. Arrays come back as one text too:
 * the items as a JSON array, as evtx_dump writes them. BinXml is rendered by the caller.
 */
export function renderValue(
  b: Uint8Array,
  dv: DataView,
  type: number,
  o: number,
  size: number,
): string {
  if (type & ValueType.ArrayFlag) return JSON.stringify(renderArray(b, dv, type & 0x7f, o, size));
  switch (type) {
    case ValueType.Null:
      return '';
    case ValueType.WString:
      return utf16Trimmed(b, o, size >>> 1);
    case ValueType.String:
      return ansi(b, o, size);
    case ValueType.Binary:
      return hexBytes(b, o, size);
    case ValueType.SizeT:
      if (size === 4) return '0x' + dv.getUint32(o, true).toString(16).padStart(8, '0');
      if (size === 8) return '0x' + u64(dv, o).toString(16).padStart(16, '0');
      throw new EvtxFormatError(`size_t value of ${size} bytes`);
    case ValueType.Sid:
      return sid(b, dv, o, size);
    case ValueType.EvtHandle:
      return size === 8 ? String(u64(dv, o)) : size === 4 ? String(dv.getUint32(o, true)) : '';
    case ValueType.EvtXml:
      return utf16Trimmed(b, o, size >>> 1);
  }
  const width = WIDTH[type];
  if (width === undefined) throw new EvtxFormatError(`unknown value type 0x${type.toString(16)}`);
  if (size < width)
    throw new EvtxFormatError(
      `value of type 0x${type.toString(16)} holds ${size} bytes, needs ${width}`,
    );
  return fixed(b, dv, type, o);
}

function fixed(b: Uint8Array, dv: DataView, type: number, o: number): string {
  switch (type) {
    case ValueType.Int8:
      return String(dv.getInt8(o));
    case ValueType.UInt8:
      return String(b[o]);
    case ValueType.Int16:
      return String(dv.getInt16(o, true));
    case ValueType.UInt16:
      return String(dv.getUint16(o, true));
    case ValueType.Int32:
      return String(dv.getInt32(o, true));
    case ValueType.UInt32:
      return String(dv.getUint32(o, true));
    case ValueType.Int64:
      return String(dv.getBigInt64(o, true));
    case ValueType.UInt64:
      return String(u64(dv, o));
    case ValueType.Real32:
      return String(dv.getFloat32(o, true));
    case ValueType.Real64:
      return String(dv.getFloat64(o, true));
    case ValueType.Bool:
      return dv.getUint32(o, true) !== 0 ? 'true' : 'false';
    case ValueType.Guid:
      return guid(b, dv, o);
    case ValueType.FileTime:
      return fileTime(dv, o);
    case ValueType.SysTime:
      return systemTime(dv, o);
    case ValueType.HexInt32:
      return '0x' + dv.getUint32(o, true).toString(16);
    default: // HexInt64
      return '0x' + u64(dv, o).toString(16);
  }
}

/** The items of an array value (`type` without the array flag). */
export function renderArray(
  b: Uint8Array,
  dv: DataView,
  type: number,
  o: number,
  size: number,
): string[] {
  const out: string[] = [];
  const end = o + size;
  if (type === ValueType.WString) {
    // NUL-separated UTF-16 strings.
    let start = o;
    for (let i = o; i + 1 < end; i += 2) {
      if (b[i] === 0 && b[i + 1] === 0) {
        out.push(utf16(b, start, (i - start) >>> 1));
        start = i + 2;
      }
    }
    if (start + 1 < end) out.push(utf16(b, start, (end - start) >>> 1));
    return out;
  }
  if (type === ValueType.String) {
    let start = o;
    for (let i = o; i < end; i++)
      if (b[i] === 0) {
        out.push(ansi(b, start, i - start));
        start = i + 1;
      }
    if (start < end) out.push(ansi(b, start, end - start));
    return out;
  }
  if (type === ValueType.Sid) {
    for (let p = o; p + 8 <= end;) {
      const n = 8 + 4 * b[p + 1];
      if (p + n > end) throw new EvtxFormatError('SID array item runs past its value');
      out.push(sid(b, dv, p, n));
      p += n;
    }
    return out;
  }
  const width =
    type === ValueType.SizeT
      ? size % 8 === 0
        ? 8
        : 4
      : type === ValueType.EvtHandle
        ? 8
        : WIDTH[type];
  if (!width) throw new EvtxFormatError(`array of value type 0x${type.toString(16)}`);
  for (let p = o; p + width <= end; p += width) out.push(renderValue(b, dv, type, p, width));
  return out;
}

function hexBytes(b: Uint8Array, o: number, n: number): string {
  if (n > 64) return hexLong(b, o, n);
  let s = '';
  for (let i = 0; i < n; i++) s += HEX2[b[o + i]];
  return s;
}

function hexLong(b: Uint8Array, o: number, n: number): string {
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = HEX2[b[o + i]];
  return parts.join('');
}

// GUIDs and times are written as character codes into one array and made one string: built
// with +, each made ~20 partial strings for the GC.
const codes = new Uint16Array(38);
const GUID_CODES = codes.subarray(0, 38);
const ISO_CODES = codes.subarray(0, 28);
const HEX_DIGIT = Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
const fromCodes = (view: Uint16Array): string =>
  String.fromCharCode.apply(null, view as unknown as number[]);

function putHex(at: number, byte: number): number {
  codes[at] = HEX_DIGIT[byte >>> 4];
  codes[at + 1] = HEX_DIGIT[byte & 15];
  return at + 2;
}

/** `n` (0 ≤ n < 10^width) as `width` decimal digits at `at`; the position after them. */
function putDigits(at: number, n: number, width: number): number {
  for (let k = width - 1; k >= 0; k--) {
    codes[at + k] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + width;
}

// Data1–Data3 are little-endian, Data4 is bytes in order.
function guid(b: Uint8Array, _dv: DataView, o: number): string {
  codes[0] = 0x7b; // {
  let p = 1;
  for (let i = 3; i >= 0; i--) p = putHex(p, b[o + i]);
  codes[p++] = 0x2d; // -
  p = putHex(putHex(p, b[o + 5]), b[o + 4]);
  codes[p++] = 0x2d;
  p = putHex(putHex(p, b[o + 7]), b[o + 6]);
  codes[p++] = 0x2d;
  p = putHex(putHex(p, b[o + 8]), b[o + 9]);
  codes[p++] = 0x2d;
  for (let i = 10; i < 16; i++) p = putHex(p, b[o + i]);
  codes[p] = 0x7d; // }
  return fromCodes(GUID_CODES);
}

function sid(b: Uint8Array, dv: DataView, o: number, size: number): string {
  if (size < 8) throw new EvtxFormatError(`SID of ${size} bytes`);
  const count = b[o + 1];
  if (8 + 4 * count > size)
    throw new EvtxFormatError(`SID with ${count} sub-authorities in ${size} bytes`);
  // The 48-bit authority is big-endian.
  const authority = dv.getUint16(o + 2) * 2 ** 32 + dv.getUint32(o + 4);
  let s = `S-${b[o]}-${authority}`;
  for (let i = 0; i < count; i++) s += '-' + dv.getUint32(o + 8 + 4 * i, true);
  return s;
}

const FILETIME_EPOCH_MS = 11644473600000;

/** FILETIME as Windows renders it: ISO 8601 with 100-ns precision and `Z`. */
export function fileTime(dv: DataView, o: number): string {
  const [ms, sub] = ticksSplit(dv, o);
  return isoWithTicks(ms - FILETIME_EPOCH_MS, sub);
}

/** The epoch ms of a FILETIME (null when out of the Date range). */
export function fileTimeMs(dv: DataView, o: number): number | null {
  const ms = ticksSplit(dv, o)[0] - FILETIME_EPOCH_MS;
  return Math.abs(ms) <= 8.64e15 ? ms : null;
}

// 100-ns ticks past 2^53 lose digits as a double: 2^32 = 429496 * 10000 + 7296 splits the
// division by 10000 into parts that stay exact.
function ticksSplit(dv: DataView, o: number): [number, number] {
  const lo = dv.getUint32(o, true);
  const hi = dv.getUint32(o + 4, true);
  const r = hi * 7296 + lo;
  return [hi * 429496 + Math.floor(r / 10000), r % 10000];
}

// Formatted by hand: a Date and its toISOString per value cost more than the rest of a
// record. Civil date from days since 1970 (Howard Hinnant's algorithm).
function isoWithTicks(epochMs: number, subTicks: number): string {
  if (!(Math.abs(epochMs) <= 8.64e15)) return '';
  const days = Math.floor(epochMs / 86_400_000);
  let rest = epochMs - days * 86_400_000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999)
    return new Date(epochMs).toISOString().slice(0, -1) + pad(subTicks, 4) + 'Z';
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const ms = rest - s * 1000;
  let p = putDigits(0, y, 4);
  codes[p++] = 0x2d; // -
  p = putDigits(p, m, 2);
  codes[p++] = 0x2d;
  p = putDigits(p, d, 2);
  codes[p++] = 0x54; // T
  p = putDigits(p, h, 2);
  codes[p++] = 0x3a; // :
  p = putDigits(p, mi, 2);
  codes[p++] = 0x3a;
  p = putDigits(p, s, 2);
  codes[p++] = 0x2e; // .
  p = putDigits(putDigits(p, ms, 3), subTicks, 4);
  codes[p] = 0x5a; // Z
  return fromCodes(ISO_CODES);
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0000'.slice(0, width - s.length) + s;
}

function systemTime(dv: DataView, o: number): string {
  const y = dv.getUint16(o, true);
  const mo = dv.getUint16(o + 2, true);
  const d = dv.getUint16(o + 6, true);
  const h = dv.getUint16(o + 8, true);
  const mi = dv.getUint16(o + 10, true);
  const s = dv.getUint16(o + 12, true);
  const ms = dv.getUint16(o + 14, true);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}.${String(ms).padStart(3, '0')}Z`;
}
