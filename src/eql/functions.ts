// Every function of Elasticsearch 8.x EQL, with its arity and its runtime behaviour. Like
// Elasticsearch, a null argument yields null (except where noted), names are matched
// case-insensitively, and the `~` variants compare case-insensitively.
import { single, toNumber, toText } from './values.ts';

export interface FunctionSpec {
  /** Canonical spelling, for messages and printing suggestions. */
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Has a `~` (case-insensitive) variant. */
  readonly insensitive: boolean;
  /** Returns an evaluator over already-evaluated arguments. */
  readonly make: (caseInsensitive: boolean) => (args: unknown[]) => unknown;
}

const lower = (s: string) => s.toLowerCase();

function texts(args: unknown[], count: number): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = toText(single(args[i]));
    if (t === null) return null;
    out.push(t);
  }
  return out;
}

/** Python-style slice bounds, as Elasticsearch's substring uses them. */
function sliceBound(i: number, length: number): number {
  if (i < 0) return Math.max(0, length + i);
  return Math.min(i, length);
}

// Numbers that came from integer-valued doubles print without ".0", like Elasticsearch
// prints longs; event data cannot tell 5 from 5.0 anyway.
export function arithmetic(
  op: '+' | '-' | '*' | '/' | '%',
  a: unknown,
  b: unknown,
  forceFloat = false,
): number | null {
  const x = toNumber(single(a));
  const y = toNumber(single(b));
  if (Number.isNaN(x) || Number.isNaN(y)) return null;
  const integers = !forceFloat && Number.isInteger(x) && Number.isInteger(y);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) return null;
      return integers ? Math.trunc(x / y) : x / y;
    case '%':
      if (y === 0) return null;
      return x % y;
  }
}

// Every address becomes 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), so one
// comparison serves both families and `::ffff:10.1.2.3` falls inside 10.0.0.0/8.
function parseIp(text: string): { bytes: number[]; v4: boolean } | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const quad = v4.slice(1).map(Number);
    if (quad.some((b) => b > 255)) return null;
    return { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...quad], v4: true };
  }
  if (!text.includes(':')) return null;
  let s = text.replace(/%.*$/, '');
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (tail) {
    const b = tail.slice(1).map(Number);
    if (b.some((x) => x > 255)) return null;
    s =
      s.slice(0, tail.index) +
      ((b[0] << 8) | b[1]).toString(16) +
      ':' +
      ((b[2] << 8) | b[3]).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  return { bytes, v4: false };
}

export interface CidrBlock {
  /** 16 bytes (IPv4 blocks IPv4-mapped). */
  readonly bytes: number[];
  /** Prefix length over the 16 bytes (an IPv4 /8 is 104). */
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`, an IPv6 block, or a bare address (a single address). Null if invalid. */
export function parseCidr(text: string): CidrBlock | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const max = ip.v4 ? 32 : 128;
  const suffix = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(suffix)) return null;
  const prefix = Number(suffix);
  if (prefix > max) return null;
  return { bytes: ip.bytes, prefix: ip.v4 ? prefix + 96 : prefix };
}

// Addresses repeat heavily in event logs; remember recent parses (bounded).
const parsedIps = new Map<string, ReturnType<typeof parseIp>>();

function parseIpCached(address: string): ReturnType<typeof parseIp> {
  let ip = parsedIps.get(address);
  if (ip === undefined) {
    if (parsedIps.size >= 4096) parsedIps.clear();
    ip = parseIp(address);
    parsedIps.set(address, ip);
  }
  return ip;
}

export function inCidr(address: string, block: CidrBlock): boolean {
  const ip = parseIpCached(address);
  if (!ip) return false;
  let bits = block.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip.bytes[i] & mask) !== (block.bytes[i] & mask)) return false;
  }
  return true;
}

function toNumberFunction(value: unknown, base: unknown): number | null {
  const text = toText(single(value));
  if (text === null) return null;
  const b = single(base);
  let radix = b === null || b === undefined ? 10 : toNumber(b);
  let s = text.trim();
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1);
  if (/^0x/i.test(s) && (radix === 16 || b === null || b === undefined)) {
    s = s.slice(2);
    radix = 16;
  }
  if (!Number.isInteger(radix) || radix < 2 || radix > 36 || s === '') return null;
  let n: number;
  if (radix === 10) {
    if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    n = Number(s);
  } else {
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
    if (![...s.toLowerCase()].every((c) => digits.includes(c))) return null;
    n = parseInt(s, radix);
  }
  return negative ? -n : n;
}

function spec(
  name: string,
  minArgs: number,
  maxArgs: number,
  insensitive: boolean,
  make: FunctionSpec['make'],
): FunctionSpec {
  return { name, minArgs, maxArgs, insensitive, make };
}

const math = (op: '+' | '-' | '*' | '/' | '%') => () => (a: unknown[]) =>
  arithmetic(op, a[0], a[1]);

const SPECS: FunctionSpec[] = [
  spec('add', 2, 2, false, math('+')),
  spec('between', 3, 4, true, (ci) => (a) => {
    const t = texts(a, 3);
    if (!t) return null;
    const greedy = single(a[3]) === true;
    const [src, left, right] = t;
    const hay = ci ? lower(src) : src;
    const l = ci ? lower(left) : left;
    const r = ci ? lower(right) : right;
    const at = hay.indexOf(l);
    if (at < 0) return '';
    const start = at + l.length;
    const end = greedy ? hay.lastIndexOf(r) : hay.indexOf(r, start);
    if (end < start) return '';
    return src.slice(start, end);
  }),
  spec('cidrMatch', 2, Infinity, false, () => (a) => {
    // Blocks are constants in practice; the compiler pre-parses them (see compile).
    const ip = toText(single(a[0]));
    if (ip === null) return null;
    for (let i = 1; i < a.length; i++) {
      const t = toText(single(a[i]));
      const block = t === null ? null : parseCidr(t);
      if (block && inCidr(ip, block)) return true;
    }
    return false;
  }),
  spec('concat', 1, Infinity, false, () => (a) => {
    let out = '';
    for (const v of a) {
      const t = toText(single(v));
      if (t === null) return null;
      out += t;
    }
    return out;
  }),
  spec('divide', 2, 2, false, math('/')),
  spec('endsWith', 2, 2, true, (ci) => (a) => {
    const t = texts(a, 2);
    if (!t) return null;
    return ci ? lower(t[0]).endsWith(lower(t[1])) : t[0].endsWith(t[1]);
  }),
  spec('indexOf', 2, 3, true, (ci) => (a) => {
    const t = texts(a, 2);
    if (!t) return null;
    const startArg = single(a[2]);
    const start = startArg === null || startArg === undefined ? 0 : toNumber(startArg);
    if (Number.isNaN(start)) return null;
    const at = ci ? lower(t[0]).indexOf(lower(t[1]), start) : t[0].indexOf(t[1], start);
    return at < 0 ? null : at;
  }),
  spec('length', 1, 1, false, () => (a) => {
    const t = toText(single(a[0]));
    return t === null ? null : t.length;
  }),
  spec('modulo', 2, 2, false, math('%')),
  spec('multiply', 2, 2, false, math('*')),
  spec('number', 1, 2, false, () => (a) => toNumberFunction(a[0], a[1])),
  spec('startsWith', 2, 2, true, (ci) => (a) => {
    const t = texts(a, 2);
    if (!t) return null;
    return ci ? lower(t[0]).startsWith(lower(t[1])) : t[0].startsWith(t[1]);
  }),
  spec('string', 1, 1, false, () => (a) => toText(single(a[0]))),
  spec('stringContains', 2, 2, true, (ci) => (a) => {
    const t = texts(a, 2);
    if (!t) return null;
    return ci ? lower(t[0]).includes(lower(t[1])) : t[0].includes(t[1]);
  }),
  spec('substring', 2, 3, false, () => (a) => {
    const s = toText(single(a[0]));
    if (s === null) return null;
    const startArg = toNumber(single(a[1]));
    if (Number.isNaN(startArg)) return null;
    const endRaw = single(a[2]);
    const endArg = endRaw === null || endRaw === undefined ? s.length : toNumber(endRaw);
    if (Number.isNaN(endArg)) return null;
    const start = sliceBound(Math.trunc(startArg), s.length);
    const end = sliceBound(Math.trunc(endArg), s.length);
    return start >= end ? '' : s.slice(start, end);
  }),
  spec('subtract', 2, 2, false, math('-')),
];

/** Functions by lowercased name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  SPECS.map((s) => [s.name.toLowerCase(), s]),
);

export function lookupFunction(written: string): FunctionSpec | undefined {
  return FUNCTIONS.get(written.replace(/~$/, '').toLowerCase());
}
